import { verifyChain } from '@counterpoint/core';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { auditLog, auditVerifications } from '../schema/audit.js';
import { users } from '../schema/users.js';
import { lastAuditEntry, walk, WALK_PAGE, type Walked } from './audit-walk.js';

export interface AuditChainStatus {
  ok: boolean;
  /** Entries in the chain now. */
  rows: number;
  brokenAt?: { seq: number; reason: string };
  /** The full walk this status rests on; null when none has finished, so everything was walked now. */
  fullCheck: { id: string; finishedAt: Date; throughSeq: number; requestedByName: string | null } | null;
  /** Entries checked for this view: those written after the full walk, or all of them. */
  checkedNow: number;
}

/**
 * The chain's state for the audit page: the latest finished full walk, its last entry re-checked
 * (contents against its hash, and that hash against the one the walk recorded), and every entry
 * after it walked now. A latest walk that found a break is reported as it stands; with no finished
 * walk the whole chain is walked now.
 */
export async function auditChainStatus(
  db: Db,
  options: { pageSize?: number } = {},
): Promise<AuditChainStatus> {
  const pageSize = options.pageSize ?? WALK_PAGE;
  const [full] = await db
    .select({
      id: auditVerifications.id,
      finishedAt: auditVerifications.finishedAt,
      ok: auditVerifications.ok,
      throughSeq: auditVerifications.throughSeq,
      throughHash: auditVerifications.throughHash,
      brokenSeq: auditVerifications.brokenSeq,
      brokenReason: auditVerifications.brokenReason,
      requestedByName: users.name,
    })
    .from(auditVerifications)
    .leftJoin(users, eq(users.id, auditVerifications.requestedBy))
    .where(eq(auditVerifications.status, 'done'))
    .orderBy(desc(auditVerifications.finishedAt), desc(auditVerifications.id))
    .limit(1);
  const rows = (await lastAuditEntry(db))?.seq ?? 0;
  if (!full || full.finishedAt === null) {
    const walked = await walk(db, { start: undefined, pageSize });
    return {
      ok: !walked.broken,
      rows,
      ...pick(walked.broken),
      fullCheck: null,
      checkedNow: walked.checked,
    };
  }
  const fullCheck = {
    id: full.id,
    finishedAt: full.finishedAt,
    throughSeq: full.throughSeq ?? 0,
    requestedByName: full.requestedByName,
  };
  if (!full.ok) {
    const brokenAt = { seq: full.brokenSeq ?? 0, reason: full.brokenReason ?? 'the chain does not hold' };
    return { ok: false, rows, brokenAt, fullCheck, checkedNow: 0 };
  }
  let start: { prevHash: string; seq: number } | undefined;
  if (full.throughSeq !== null && full.throughSeq > 0) {
    const [anchor] = await db.select().from(auditLog).where(eq(auditLog.seq, full.throughSeq)).limit(1);
    const reason = !anchor
      ? 'the last entry the full check covered is missing'
      : anchor.hash !== full.throughHash
        ? 'its hash differs from the one the last full check recorded'
        : verifyChain([anchor], { prevHash: anchor.prevHash, seq: anchor.seq - 1 }).ok
          ? undefined
          : 'its contents no longer match its hash';
    if (reason)
      return { ok: false, rows, brokenAt: { seq: full.throughSeq, reason }, fullCheck, checkedNow: 1 };
    start = { prevHash: anchor!.hash, seq: anchor!.seq };
  }
  const walked = await walk(db, { start, pageSize });
  return {
    ok: !walked.broken,
    rows,
    ...pick(walked.broken),
    fullCheck,
    checkedNow: walked.checked + (start ? 1 : 0),
  };
}

function pick(brokenAt: Walked['broken']): {
  brokenAt?: { seq: number; reason: string };
} {
  return brokenAt ? { brokenAt: { seq: brokenAt.seq, reason: brokenAt.reason } } : {};
}
