import {
  abandonAuditVerification,
  auditChainStatus,
  auditVocabulary,
  queueAuditVerification,
  recentAuditVerifications,
  searchAudit,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { jobPort } from '$lib/server/jobs.js';
import { actorOf } from '$lib/server/outreach.js';
import { readAuditFilter } from './audit-filter.js';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

// Permission (audit:view) was checked by the hook from routes.ts before this runs.
export const load: PageServerLoad = async ({ url }) => {
  const db = await database();
  const parsed = readAuditFilter(url.searchParams);
  const valid = Object.keys(parsed.errors).length === 0;
  const [chain, checks, vocabulary, page] = await Promise.all([
    auditChainStatus(db),
    recentAuditVerifications(db, 5),
    auditVocabulary(db),
    valid
      ? searchAudit(db, parsed.filter, { beforeSeq: parsed.beforeSeq, limit: PAGE_SIZE })
      : Promise.resolve({ rows: [], nextBeforeSeq: null }),
  ]);
  return {
    title: 'Audit trail',
    chain,
    checks: checks.map((c) => ({
      id: c.id,
      status: c.status,
      by: c.requestedByName,
      requestedAt: c.requestedAt,
      finishedAt: c.finishedAt,
      totalRows: c.totalRows,
      checkedRows: c.checkedRows,
      ok: c.ok,
      brokenSeq: c.brokenSeq,
      error: c.error,
    })),
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

export const actions: Actions = {
  // Permission (audit:view) was checked by the hook from routes.ts before this runs. Checking is
  // read-only, so anyone who may read the trail may ask for it; one walk runs at a time.
  verify: async ({ locals }) => {
    const db = await database();
    const { id, created } = await queueAuditVerification(db, actorOf(locals));
    if (!created)
      return {
        verify: { ok: true, message: 'A full check is already under way; its progress is shown here.' },
      };
    try {
      await jobPort().enqueue('audit-verify', { verificationId: id }, { jobId: `audit-verify-${id}` });
    } catch (e) {
      console.error('Enqueueing the audit check failed', e);
      await abandonAuditVerification(db, id, 'The job queue could not be reached.');
      return fail(503, {
        verify: {
          ok: false,
          message: 'The job queue could not be reached, so the check did not start. Try again shortly.',
        },
      });
    }
    return { verify: { ok: true, message: 'The full check has started; its progress is shown here.' } };
  },
};
