import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { retentionRuns } from '../schema/privacy.js';
import { users } from '../schema/users.js';

/** Reading retention receipts for Admin, the CLI and the job. */

export interface RetentionRunRow {
  id: string;
  dryRun: boolean;
  status: 'queued' | 'running' | 'done' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  counts: Record<string, number>;
  planned: Record<string, number> | null;
  cutoffs: Record<string, string | null> | null;
  error: string | null;
  byName: string | null;
}

const columns = {
  id: retentionRuns.id,
  dryRun: retentionRuns.dryRun,
  status: retentionRuns.status,
  startedAt: retentionRuns.startedAt,
  finishedAt: retentionRuns.finishedAt,
  counts: retentionRuns.counts,
  planned: retentionRuns.planned,
  cutoffs: retentionRuns.cutoffs,
  error: retentionRuns.error,
  byName: users.name,
};

/** The latest runs, newest first. */
export async function listRetentionRuns(db: Db, limit = 10): Promise<RetentionRunRow[]> {
  return db
    .select(columns)
    .from(retentionRuns)
    .leftJoin(users, eq(users.id, retentionRuns.byId))
    .orderBy(desc(retentionRuns.startedAt), desc(retentionRuns.id))
    .limit(Math.max(1, Math.min(100, limit)));
}

export async function getRetentionRun(db: Db, id: string): Promise<RetentionRunRow | null> {
  const [row] = await db
    .select(columns)
    .from(retentionRuns)
    .leftJoin(users, eq(users.id, retentionRuns.byId))
    .where(eq(retentionRuns.id, id));
  return row ?? null;
}

/**
 * Marks a run that never started as failed (its job could not be queued), so it stops blocking the
 * next one. Nothing was deleted, so there is nothing for the receipt to say beyond the reason.
 */
export async function abandonQueuedRun(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(retentionRuns)
    .set({ status: 'failed', finishedAt: new Date(), error: reason.slice(0, 500) })
    .where(and(eq(retentionRuns.id, id), eq(retentionRuns.status, 'queued')));
}
