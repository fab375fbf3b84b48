import { verifyChain, type ChainRow } from '@counterpoint/core';
import { and, asc, desc, gt, lte } from 'drizzle-orm';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';

/** Entries per page of a walk: a page of rows with their changes stays a few megabytes. */
export const WALK_PAGE = 5000;

export interface Walked {
  checked: number;
  /** The last entry checked, as the start of the next page. */
  last?: { prevHash: string; seq: number };
  broken?: { id: string; seq: number; reason: string };
}

/**
 * Checks audit entries in order, a page at a time, from just after `start` (or the first) up to `through`
 * (or the newest). Entries up to `through` existed when the caller looked, so running out before it
 * is a truncated chain.
 */
export async function walk(
  db: Db,
  opts: {
    start: { prevHash: string; seq: number } | undefined;
    through?: number;
    pageSize: number;
    onPage?: (checked: number) => Promise<void>;
  },
): Promise<Walked> {
  let start = opts.start;
  let checked = 0;
  for (;;) {
    const after = start?.seq ?? 0;
    if (opts.through !== undefined && after >= opts.through) break;
    const page = await db
      .select()
      .from(auditLog)
      .where(
        opts.through === undefined
          ? gt(auditLog.seq, after)
          : and(gt(auditLog.seq, after), lte(auditLog.seq, opts.through)),
      )
      .orderBy(asc(auditLog.seq))
      .limit(opts.pageSize);
    if (page.length === 0) {
      if (opts.through === undefined) break;
      const reason = `entries ${after + 1} to ${opts.through} are missing`;
      return { checked, ...(start ? { last: start } : {}), broken: { id: '', seq: after + 1, reason } };
    }
    const verdict = verifyChain(page as ChainRow[], start);
    if (!verdict.ok) return { checked: checked + verdict.rows - 1, broken: verdict.brokenAt };
    checked += page.length;
    const tail = page[page.length - 1]!;
    start = { prevHash: tail.hash, seq: tail.seq };
    await opts.onPage?.(checked);
  }
  return { checked, ...(start ? { last: start } : {}) };
}

/** The newest entry: how far the chain reaches now. */
export async function lastAuditEntry(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const [last] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return last;
}
