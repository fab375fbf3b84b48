import { newId, notFound } from '@counterpoint/core';
import { desc, eq, sql } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { importJobs } from '../schema/privacy.js';

export type ImportJob = typeof importJobs.$inferSelect;
export type ImportJobError = ImportJob['errors'][number];

/** Most rejected rows kept on the job: the full report is shown before importing, this is the record. */
const MAX_KEPT_ERRORS = 1000;

export interface NewImportJob {
  /** What is imported: 'items' for posts into a source. */
  kind: string;
  fileName?: string | null;
  /** Rows that will be imported. */
  total: number;
  /** Rows left out because they failed validation, kept for the record. */
  errors?: ImportJobError[];
  /** Recorded in the audit entry: where the rows go. */
  sourceId?: string;
}

export function createImportJob(db: Db, actor: Actor, input: NewImportJob): Promise<ImportJob> {
  const id = newId('importJob');
  const errors = (input.errors ?? []).slice(0, MAX_KEPT_ERRORS);
  return mutate(db, actor, async (tx) => {
    const [row] = await tx
      .insert(importJobs)
      .values({
        id,
        kind: input.kind,
        status: 'queued',
        fileName: input.fileName ?? null,
        total: input.total,
        processed: 0,
        errors,
        createdBy: actor.id,
      })
      .returning();
    return {
      result: row!,
      audit: {
        action: 'import.create',
        entityType: 'import_job',
        entityId: id,
        change: {
          kind: input.kind,
          fileName: input.fileName ?? null,
          total: input.total,
          rejectedRows: input.errors?.length ?? 0,
          ...(input.sourceId ? { sourceId: input.sourceId } : {}),
        },
      },
    };
  });
}

/** Moves the progress counter on; a counter, so not an audited change (start and end are). */
export async function recordImportProgress(db: Db, id: string, processed: number): Promise<void> {
  await db
    .update(importJobs)
    .set({
      processed,
      status: 'running',
      startedAt: sql`coalesce(${importJobs.startedAt}, now())`,
    })
    .where(eq(importJobs.id, id));
}

export function finishImportJob(
  db: Db,
  id: string,
  outcome: { processed: number; error?: string },
  actor: Actor = SYSTEM_ACTOR,
): Promise<ImportJob> {
  return mutate(db, actor, async (tx) => {
    const [before] = await tx.select().from(importJobs).where(eq(importJobs.id, id)).for('update');
    if (!before) throw notFound('Import', id);
    const status = outcome.error ? 'failed' : 'done';
    const errors = outcome.error ? [...before.errors, { message: outcome.error }] : before.errors;
    const [row] = await tx
      .update(importJobs)
      .set({
        status,
        processed: outcome.processed,
        errors,
        startedAt: before.startedAt ?? new Date(),
        finishedAt: new Date(),
      })
      .where(eq(importJobs.id, id))
      .returning();
    return {
      result: row!,
      audit: {
        action: status === 'done' ? 'import.finish' : 'import.fail',
        entityType: 'import_job',
        entityId: id,
        change: {
          processed: outcome.processed,
          total: before.total,
          ...(outcome.error ? { error: outcome.error } : {}),
        },
      },
    };
  });
}

export async function getImportJob(db: Db, id: string): Promise<ImportJob | null> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return row ?? null;
}

export function listImportJobs(
  db: Db,
  options: { kind?: string; limit?: number } = {},
): Promise<ImportJob[]> {
  return db
    .select()
    .from(importJobs)
    .where(options.kind ? eq(importJobs.kind, options.kind) : undefined)
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(options.limit ?? 10);
}
