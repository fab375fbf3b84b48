import { auditVocabulary, searchAudit, verifyAuditChain } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { readAuditFilter } from './audit-filter.js';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

// Permission (audit:view) was checked by the hook from routes.ts before this runs.
export const load: PageServerLoad = async ({ url }) => {
  const db = await database();
  const parsed = readAuditFilter(url.searchParams);
  const valid = Object.keys(parsed.errors).length === 0;
  const [chain, vocabulary, page] = await Promise.all([
    verifyAuditChain(db),
    auditVocabulary(db),
    valid
      ? searchAudit(db, parsed.filter, { beforeSeq: parsed.beforeSeq, limit: PAGE_SIZE })
      : Promise.resolve({ rows: [], nextBeforeSeq: null }),
  ]);
  return {
    title: 'Audit trail',
    chain,
    vocabulary,
    values: parsed.values,
    errors: parsed.errors,
    paged: parsed.beforeSeq !== undefined,
    rows: page.rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      // Pretty-printed here so the page shows it as stored (keys sorted by the chain's canonical form).
      change: JSON.stringify(r.change, null, 2),
      hash: r.hash,
    })),
    nextBeforeSeq: page.nextBeforeSeq,
    pageSize: PAGE_SIZE,
  };
};
