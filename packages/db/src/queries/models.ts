import { DomainError, newId, notFound } from '@counterpoint/core';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { mutate, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { importJobs, settings } from '../schema/privacy.js';
import { classifierModels } from '../schema/scoring.js';
import { users } from '../schema/users.js';

/**
 * Classifier models and their training data.
 *
 * Training data comes from two places:
 *  - analysts' labels (`labels`): the LATEST judgement per item wins when several people labelled
 *    it (one example per item: a text filed under two labels would teach the model nothing). Not
 *    relevant → `not_relevant`; relevant → the corrected category, else the category of the item's
 *    current score, else `relevant`.
 *  - imported labelled JSON Lines (`pnpm counterpoint labels import <jsonl>`): each import is one
 *    `import_jobs` row of kind 'labels' (who, when, file, line count) and its lines are kept as one
 *    `settings` value keyed `training-set:<import id>`. They are not items: they were never
 *    collected, have no author and must not reach triage or trends, so they stay out of `items` and
 *    `labels` (which demand a collected item and a person). A dedicated table would be tidier; this
 *    needs no schema change and keeps an import atomic and removable in one statement.
 */

export const NEGATIVE_LABELS = ['not_relevant'] as const;
export const MIN_TRAINING_EXAMPLES = 30;
export const MIN_EXAMPLES_PER_LABEL = 5;
const TRAINING_SET_PREFIX = 'training-set:';

export type ModelRow = typeof classifierModels.$inferSelect;
export type ModelListing = Omit<ModelRow, 'artefact'> & {
  trainedByName: string | null;
  activatedByName: string | null;
};

export interface TrainingExampleRow {
  id: string;
  text: string;
  label: string;
  source: 'analyst' | 'import';
  at: Date;
}

/** Every model, newest first, without artefacts (they can be megabytes). */
export async function listModels(db: Db): Promise<ModelListing[]> {
  const trainer = alias(users, 'trainer');
  const activator = alias(users, 'activator');
  const rows = await db
    .select({
      id: classifierModels.id,
      version: classifierModels.version,
      status: classifierModels.status,
      trainingData: classifierModels.trainingData,
      metrics: classifierModels.metrics,
      labelCount: classifierModels.labelCount,
      trainedAt: classifierModels.trainedAt,
      trainedBy: classifierModels.trainedBy,
      activatedAt: classifierModels.activatedAt,
      activatedBy: classifierModels.activatedBy,
      retiredAt: classifierModels.retiredAt,
      trainedByName: trainer.name,
      activatedByName: activator.name,
    })
    .from(classifierModels)
    .leftJoin(trainer, eq(trainer.id, classifierModels.trainedBy))
    .leftJoin(activator, eq(activator.id, classifierModels.activatedBy))
    .orderBy(desc(classifierModels.version));
  return rows;
}

/** Just the active model's id: a cheap check before reusing a loaded model. */
export async function activeModelId(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ id: classifierModels.id })
    .from(classifierModels)
    .where(eq(classifierModels.status, 'active'))
    .limit(1);
  return row?.id ?? null;
}

export async function getModel(db: Db, id: string): Promise<ModelRow | null> {
  const [row] = await db.select().from(classifierModels).where(eq(classifierModels.id, id)).limit(1);
  return row ?? null;
}

/** Analysts' labels joined to item text, one (the latest) per item. */
export async function analystTrainingExamples(db: Db): Promise<TrainingExampleRow[]> {
  const rows = rowsOf<{ id: string; text: string; label: string; at: Date | string }>(
    await db.execute(sql`
      select distinct on (l.item_id) l.item_id as id,
        coalesce(nullif(i.text, ''), i.title, '') as text,
        case when not l.relevant then 'not_relevant'
             else coalesce(nullif(l.corrected_category, ''), s.category, 'relevant') end as label,
        l.created_at as at
      from labels l
      join items i on i.id = l.item_id
      left join scores s on s.item_id = l.item_id and s.current
      order by l.item_id, l.created_at desc, l.id desc`),
  );
  return rows
    .filter((r) => r.text.trim() !== '')
    .map((r) => ({ id: r.id, text: r.text, label: r.label, source: 'analyst' as const, at: new Date(r.at) }));
}

export interface ImportedTrainingSet {
  id: string;
  fileName: string | null;
  lines: { id: string; text: string; label: string }[];
  importedAt: Date;
}

export async function importedTrainingSets(db: Db): Promise<ImportedTrainingSet[]> {
  const rows = await db
    .select({ key: settings.key, value: settings.value, at: settings.updatedAt })
    .from(settings)
    .where(sql`${settings.key} like ${TRAINING_SET_PREFIX + '%'}`);
  return rows.map((r) => {
    const v = r.value as { fileName: string | null; lines: { id: string; text: string; label: string }[] };
    return {
      id: r.key.slice(TRAINING_SET_PREFIX.length),
      fileName: v.fileName,
      lines: v.lines,
      importedAt: r.at,
    };
  });
}

/** Store imported labelled lines as one training set (one audited import). */
export async function importLabelledLines(
  db: Db,
  actor: Actor,
  input: { fileName: string | null; lines: readonly { id: string; text: string; label: string }[] },
): Promise<{ importId: string; lines: number; labelCounts: Record<string, number> }> {
  if (input.lines.length === 0) throw new DomainError('invalid_input', 'The file has no labelled lines.');
  const labelCounts: Record<string, number> = {};
  for (const l of input.lines) labelCounts[l.label] = (labelCounts[l.label] ?? 0) + 1;
  return mutate(db, actor, async (tx) => {
    const importId = newId('importJob');
    const now = new Date();
    await tx.insert(importJobs).values({
      id: importId,
      kind: 'labels',
      status: 'done',
      fileName: input.fileName,
      processed: input.lines.length,
      total: input.lines.length,
      createdBy: actor.id,
      startedAt: now,
      finishedAt: now,
    });
    await tx.insert(settings).values({
      key: TRAINING_SET_PREFIX + importId,
      value: {
        fileName: input.fileName,
        lines: input.lines.map((l) => ({ id: l.id, text: l.text, label: l.label })),
      },
      updatedBy: actor.id,
    });
    return {
      result: { importId, lines: input.lines.length, labelCounts },
      audit: {
        action: 'labels.imported',
        entityType: 'import_job',
        entityId: importId,
        change: { fileName: input.fileName, lines: input.lines.length, labelCounts },
      },
    };
  });
}

/** All training examples: analysts' labels and every imported set. */
export async function trainingExamples(db: Db): Promise<TrainingExampleRow[]> {
  const [analyst, sets] = await Promise.all([analystTrainingExamples(db), importedTrainingSets(db)]);
  const imported = sets.flatMap((s) =>
    s.lines.map((l) => ({
      id: `${s.id}/${l.id}`,
      text: l.text,
      label: l.label,
      source: 'import' as const,
      at: s.importedAt,
    })),
  );
  return [...analyst, ...imported];
}

/** Labels (by analysts) recorded after `since` (all when null): "new since the active model". */
export async function labelsSince(db: Db, since: Date | null): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(
    await db.execute(
      since
        ? sql`select count(*) as n from labels where created_at > ${since.toISOString()}::timestamptz`
        : sql`select count(*) as n from labels`,
    ),
  );
  return Number(row?.n ?? 0);
}

/** Why these examples cannot train a useful model, or null when they can. */
export function trainingShortfall(labelCounts: Record<string, number>): string | null {
  const total = Object.values(labelCounts).reduce((a, b) => a + b, 0);
  const labels = Object.keys(labelCounts);
  if (total < MIN_TRAINING_EXAMPLES)
    return `Too few labels to train: ${total} labelled item${total === 1 ? '' : 's'}, at least ${MIN_TRAINING_EXAMPLES} are needed.`;
  if (labels.length < 2)
    return `Every label says “${labels[0] ?? ''}”: a model needs at least two different labels.`;
  const thin = labels.filter((l) => (labelCounts[l] ?? 0) < MIN_EXAMPLES_PER_LABEL);
  if (thin.length === labels.length)
    return `Every label has fewer than ${MIN_EXAMPLES_PER_LABEL} examples: label more items first.`;
  if (thin.length > 0 && labels.length - thin.length < 2)
    return `Only one label has ${MIN_EXAMPLES_PER_LABEL} or more examples (${thin.join(', ')} have fewer): label more items first.`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Retrain runs (progress shown on the Admin page) and models

export type RetrainRun = typeof importJobs.$inferSelect;

export async function createRetrainRun(db: Db, actor: Actor): Promise<RetrainRun> {
  return mutate(db, actor, async (tx) => {
    const [row] = await tx
      .insert(importJobs)
      .values({ id: newId('importJob'), kind: 'retrain', status: 'queued', createdBy: actor.id })
      .returning();
    return {
      result: row!,
      audit: { action: 'model.retrain_requested', entityType: 'import_job', entityId: row!.id, change: {} },
    };
  });
}

/** The retrain run still queued or running, if any (the Admin page disables "Retrain" meanwhile). */
export async function pendingRetrainRun(db: Db): Promise<RetrainRun | null> {
  const [row] = await db
    .select()
    .from(importJobs)
    .where(
      and(
        eq(importJobs.kind, 'retrain'),
        sql`${importJobs.status} in ('queued', 'running')`,
        gt(importJobs.createdAt, sql`now() - interval '6 hours'`),
      ),
    )
    .orderBy(desc(importJobs.createdAt))
    .limit(1);
  return row ?? null;
}

export async function recentRetrainRuns(db: Db, limit = 5): Promise<RetrainRun[]> {
  return db
    .select()
    .from(importJobs)
    .where(eq(importJobs.kind, 'retrain'))
    .orderBy(desc(importJobs.createdAt))
    .limit(limit);
}

export async function getRetrainRun(db: Db, id: string): Promise<RetrainRun | null> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return row ?? null;
}

/** Progress of a run: `processed` of `total` steps (load, train, evaluate, store). */
export async function updateRetrainRun(
  db: Db,
  id: string,
  patch: { status?: 'running' | 'done' | 'failed'; processed?: number; total?: number; message?: string },
): Promise<void> {
  await db
    .update(importJobs)
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.status === 'running' ? { startedAt: new Date() } : {}),
      ...(patch.status === 'done' || patch.status === 'failed' ? { finishedAt: new Date() } : {}),
      ...(patch.processed !== undefined ? { processed: patch.processed } : {}),
      ...(patch.total !== undefined ? { total: patch.total } : {}),
      ...(patch.message !== undefined ? { errors: [{ message: patch.message }] } : {}),
    })
    .where(eq(importJobs.id, id));
}

export interface NewModel {
  artefact: Record<string, unknown>;
  metrics: Record<string, unknown>;
  trainingData: Record<string, unknown>;
  labelCount: number;
  trainedBy: string | null;
}

/** Store a trained model as a candidate (the next version number). */
export async function storeCandidateModel(
  db: Db,
  actor: Actor,
  model: NewModel,
): Promise<{ id: string; version: number }> {
  return mutate(db, actor, async (tx) => {
    // Version numbers are unique: serialise concurrent stores.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x6d6f_646c})`);
    const [max] = rowsOf<{ v: number | null }>(
      await tx.execute(sql`select max(version) as v from classifier_models`),
    );
    const version = Number(max?.v ?? 0) + 1;
    const id = newId('model');
    await tx.insert(classifierModels).values({
      id,
      version,
      status: 'candidate',
      artefact: model.artefact,
      metrics: model.metrics,
      trainingData: model.trainingData,
      labelCount: model.labelCount,
      trainedBy: model.trainedBy,
    });
    return {
      result: { id, version },
      audit: {
        action: 'model.trained',
        entityType: 'classifier_model',
        entityId: id,
        change: { version, labelCount: model.labelCount, metrics: summariseMetrics(model.metrics) },
      },
    };
  });
}

function summariseMetrics(m: Record<string, unknown>): Record<string, unknown> {
  return {
    accuracy: m.accuracy ?? null,
    macroF1: m.macroF1 ?? null,
    weightedF1: m.weightedF1 ?? null,
    n: m.n ?? null,
  };
}

/**
 * A supervisor makes a model active: the one before is retired (kept for the record: old scores
 * point at it). The audit row carries both models' held-out metrics, the comparison the supervisor saw.
 */
export async function activateModel(
  db: Db,
  actor: Actor,
  modelId: string,
): Promise<{ version: number; previous: string | null }> {
  return mutate(db, actor, async (tx) => {
    const [m] = await tx
      .select({
        id: classifierModels.id,
        version: classifierModels.version,
        status: classifierModels.status,
        metrics: classifierModels.metrics,
      })
      .from(classifierModels)
      .where(eq(classifierModels.id, modelId))
      .for('update');
    if (!m) throw notFound('Model', modelId);
    if (m.status === 'active')
      throw new DomainError('conflict', `Model version ${m.version} is already active.`);
    const [prev] = await tx
      .select({
        id: classifierModels.id,
        version: classifierModels.version,
        metrics: classifierModels.metrics,
      })
      .from(classifierModels)
      .where(eq(classifierModels.status, 'active'))
      .for('update');
    const now = new Date();
    if (prev)
      await tx
        .update(classifierModels)
        .set({ status: 'retired', retiredAt: now })
        .where(eq(classifierModels.id, prev.id));
    await tx
      .update(classifierModels)
      .set({ status: 'active', activatedAt: now, activatedBy: actor.id, retiredAt: null })
      .where(eq(classifierModels.id, m.id));
    return {
      result: { version: m.version, previous: prev?.id ?? null },
      audit: {
        action: 'model.activated',
        entityType: 'classifier_model',
        entityId: m.id,
        change: {
          version: m.version,
          metrics: summariseMetrics(m.metrics),
          previous: prev
            ? { id: prev.id, version: prev.version, metrics: summariseMetrics(prev.metrics) }
            : null,
        },
      },
    };
  });
}

/** How much training data there is now: analysts' labels and imported lines. */
export async function trainingDataCounts(
  db: Db,
): Promise<{ analystLabels: number; imported: number; importedSets: number }> {
  const [row] = rowsOf<{ labels: number | string; imported: number | string; sets: number | string }>(
    await db.execute(sql`select (select count(distinct item_id) from labels) as labels,
      (select coalesce(sum(processed), 0) from import_jobs where kind = 'labels') as imported,
      (select count(*) from import_jobs where kind = 'labels') as sets`),
  );
  return {
    analystLabels: Number(row?.labels ?? 0),
    imported: Number(row?.imported ?? 0),
    importedSets: Number(row?.sets ?? 0),
  };
}
