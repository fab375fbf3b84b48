import { csvLine } from '@counterpoint/core';
import { searchAudit } from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { readAuditFilter } from '../audit-filter.js';
import type { RequestHandler } from './$types';

const HEADER = ['seq', 'at', 'actor_id', 'actor', 'action', 'entity_type', 'entity_id', 'change', 'hash'];

/**
 * The audit viewer's filtered rows as CSV, newest first, streamed a keyset page at a time so any
 * size of trail holds one page in memory. Cells pass through csvLine, which defuses formulas.
 * Permission: audit:view.
 */
export const GET: RequestHandler = async ({ url }) => {
  const parsed = readAuditFilter(url.searchParams);
  if (Object.keys(parsed.errors).length > 0) {
    error(400, Object.values(parsed.errors).join(' '));
  }
  const db = await database();
  const encoder = new TextEncoder();
  let before: number | undefined = parsed.beforeSeq;
  let started = false;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\ufeff${csvLine(HEADER)}`));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      try {
        const page = await searchAudit(db, parsed.filter, { beforeSeq: before, limit: 500 });
        const lines = page.rows.map((r) =>
          csvLine([
            r.seq,
            r.at,
            r.actorId,
            r.actorLabel,
            r.action,
            r.entityType,
            r.entityId,
            JSON.stringify(r.change),
            r.hash,
          ]),
        );
        if (lines.length > 0) controller.enqueue(encoder.encode(lines.join('')));
        if (page.nextBeforeSeq === null) done = true;
        else before = page.nextBeforeSeq;
      } catch (e) {
        controller.error(e);
      }
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
