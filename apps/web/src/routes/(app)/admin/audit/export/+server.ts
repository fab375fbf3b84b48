import { searchAudit } from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { csvResponse, today } from '$lib/server/csv-stream.js';
import { database } from '$lib/server/db.js';
import { readAuditFilter } from '../audit-filter.js';
import type { RequestHandler } from './$types';

const HEADER = ['seq', 'at', 'actor_id', 'actor', 'action', 'entity_type', 'entity_id', 'change', 'hash'];

/**
 * The audit viewer's filtered rows as CSV, newest first, streamed a keyset page of 500 at a time
 * (csvResponse) so any size of trail holds one page in memory; cells are formula-defused by core's
 * csvCell. Permission: audit:view.
 */
export const GET: RequestHandler = async ({ url }) => {
  const parsed = readAuditFilter(url.searchParams);
  if (Object.keys(parsed.errors).length > 0) {
    error(400, Object.values(parsed.errors).join(' '));
  }
  const db = await database();
  return csvResponse({
    filename: `audit-${today()}.csv`,
    header: HEADER,
    page: async (before: number | null) => {
      const page = await searchAudit(db, parsed.filter, {
        beforeSeq: before ?? parsed.beforeSeq,
        limit: 500,
      });
      return { rows: page.rows, next: page.nextBeforeSeq };
    },
    cells: (r) => [
      r.seq,
      r.at,
      r.actorId,
      r.actorLabel,
      r.action,
      r.entityType,
      r.entityId,
      JSON.stringify(r.change),
      r.hash,
    ],
  });
};
