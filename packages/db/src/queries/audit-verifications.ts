import { newId } from '@counterpoint/core';
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { appendAudit, mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { auditVerifications } from '../schema/audit.js';
import { users } from '../schema/users.js';
import { lastAuditEntry, walk, WALK_PAGE, type Walked } from './audit-walk.js';

/**
 * Full walks of the audit chain (the chain status the audit page shows is in audit-chain-status.ts).
 *
 * Re-hashing the whole trail costs about 15 µs an entry (15 s at a million entries), too slow for
 * every view of the audit page. So a full walk runs daily and on request, with its progress stored
 * here; the page trusts the latest walk that found the chain intact only as far as it reached:
 * it re-checks that walk's last entry (its contents and the hash the walk recorded) and walks every
 * entry written since. An edit to an older entry is found by the next full walk, and the page says
 * when that last ran.
 */

/** A walk queued or running for longer than this was lost with its worker and is written off. */
const STALE_MS = 60 * 60 * 1000;

export interface AuditVerification {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: string | null;
  /** The requester's name, or null for the daily check. */
  requestedByName: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  totalRows: number | null;
  checkedRows: number;
  ok: boolean | null;
  throughSeq: number | null;
  brokenSeq: number | null;
  brokenReason: string | null;
  error: string | null;
}

const COLUMNS = {
  id: auditVerifications.id,
  status: auditVerifications.status,
  requestedBy: auditVerifications.requestedBy,
  requestedByName: users.name,
  requestedAt: auditVerifications.requestedAt,
  startedAt: auditVerifications.startedAt,
  finishedAt: auditVerifications.finishedAt,
  totalRows: auditVerifications.totalRows,
  checkedRows: auditVerifications.checkedRows,
  ok: auditVerifications.ok,
  throughSeq: auditVerifications.throughSeq,
  brokenSeq: auditVerifications.brokenSeq,
  brokenReason: auditVerifications.brokenReason,
  error: auditVerifications.error,
};

/** The most recent walks, newest first: what is running and what the last ones found. */
export async function recentAuditVerifications(db: Db, limit = 5): Promise<AuditVerification[]> {
  return db
    .select(COLUMNS)
    .from(auditVerifications)
    .leftJoin(users, eq(users.id, auditVerifications.requestedBy))
    .orderBy(desc(auditVerifications.requestedAt), desc(auditVerifications.id))
    .limit(limit);
}

async function writeOffStale(db: Db, now: Date): Promise<void> {
  await db
    .update(auditVerifications)
    .set({
      status: 'failed',
      finishedAt: now,
      error: 'It did not finish within an hour; its worker may have stopped.',
    })
    .where(
      and(
        inArray(auditVerifications.status, ['queued', 'running']),
        lte(auditVerifications.requestedAt, new Date(now.getTime() - STALE_MS)),
      ),
    );
}

/**
 * Asks for a full walk. While one is already queued or running it is returned instead (`created`
 * false): two walks of the same chain at once would only halve each other's speed.
 */
export async function queueAuditVerification(
  db: Db,
  actor: Actor,
  now: Date = new Date(),
): Promise<{ id: string; created: boolean }> {
  await writeOffStale(db, now);
  return mutate<{ id: string; created: boolean }>(db, actor, async (tx) => {
    // Serialises requests, so two people pressing the button at once share one walk.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x6176_6678})`);
    const [open] = await tx
      .select({ id: auditVerifications.id })
      .from(auditVerifications)
      .where(inArray(auditVerifications.status, ['queued', 'running']))
      .limit(1);
    if (open) return { result: { id: open.id, created: false }, audit: [] };
    const id = newId('auditVerification', now.getTime());
    await tx.insert(auditVerifications).values({ id, requestedBy: actor.id, requestedAt: now });
    return {
      result: { id, created: true },
      audit: {
        action: 'audit.verification_requested',
        entityType: 'audit_log',
        entityId: 'chain',
        change: { id },
      },
    };
  });
}

/**
 * Marks a walk that could not start (the queue was unreachable) or stopped on an error (the
 * database went away) as failed, with why, so the page stops waiting for it.
 */
export async function abandonAuditVerification(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(auditVerifications)
    .set({ status: 'failed', finishedAt: new Date(), error: reason.slice(0, 500) })
    .where(and(eq(auditVerifications.id, id), inArray(auditVerifications.status, ['queued', 'running'])));
}

export interface AuditVerificationResult {
  id: string;
  ok: boolean;
  rows: number;
  brokenAt?: { id: string; seq: number; reason: string };
}

/** The full walk itself: entries 1 to `total`, progress stored after every page. */
async function walkTo(db: Db, id: string, total: number, pageSize: number): Promise<Walked> {
  await db
    .update(auditVerifications)
    .set({
      status: 'running',
      startedAt: new Date(),
      totalRows: total,
      checkedRows: 0,
      error: null,
      finishedAt: null,
    })
    .where(eq(auditVerifications.id, id));
  return walk(db, {
    start: undefined,
    through: total,
    pageSize,
    onPage: async (checked) => {
      await db.update(auditVerifications).set({ checkedRows: checked }).where(eq(auditVerifications.id, id));
    },
  });
}

/**
 * Walks the chain from the first entry to the last one present when the walk starts, storing its
 * progress after every page, then records the verdict here and in the chain (`audit.verified`).
 * Without an id (the daily schedule) it makes its own row. Running it again for the same id (a
 * retried job) starts the walk over.
 */
export async function runAuditVerification(
  db: Db,
  actor: Actor,
  options: { id?: string | undefined; now?: () => Date; pageSize?: number } = {},
): Promise<AuditVerificationResult> {
  const now = options.now ?? (() => new Date());
  const last = await lastAuditEntry(db);
  const total = last?.seq ?? 0;
  let id = options.id;
  if (id === undefined) {
    id = newId('auditVerification', now().getTime());
    await db.insert(auditVerifications).values({ id, requestedAt: now() });
  }
  const walkId = id;
  try {
    const walked = await walkTo(db, walkId, total, options.pageSize ?? WALK_PAGE);
    return await finish(db, actor, walkId, total, walked, now());
  } catch (e) {
    // Recorded at once, so the page stops showing a walk in progress; a retried job starts over.
    await abandonAuditVerification(
      db,
      walkId,
      'The check stopped on an error; the worker log has the details.',
    ).catch(() => undefined);
    throw e;
  }
}

/** Stores the verdict of a finished walk, in its row and in the chain, in one transaction. */
async function finish(
  db: Db,
  actor: Actor,
  id: string,
  total: number,
  walked: Walked,
  at: Date,
): Promise<AuditVerificationResult> {
  const { checked, broken, last } = walked;
  const ok = broken === undefined;
  await db.transaction(async (tx) => {
    await tx
      .update(auditVerifications)
      .set({
        status: 'done',
        finishedAt: at,
        checkedRows: checked,
        ok,
        throughSeq: ok ? total : null,
        throughHash: ok ? (last?.prevHash ?? null) : null,
        brokenSeq: broken?.seq ?? null,
        brokenReason: broken?.reason ?? null,
      })
      .where(eq(auditVerifications.id, id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'audit.verified',
        entityType: 'audit_log',
        entityId: 'chain',
        change: {
          verification: id,
          ok,
          rows: ok ? total : checked,
          at: at.toISOString(),
          ...(ok ? { throughSeq: total } : { brokenAt: broken }),
        },
      },
      at,
    );
  });
  return { id, ok, rows: ok ? total : checked, ...(broken ? { brokenAt: broken } : {}) };
}
