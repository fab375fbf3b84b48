import {
  addDays,
  DomainError,
  emptyCounts,
  newId,
  REMOVABLE_CLASSES,
  type RemovableClass,
  type RetentionCounts,
  type RetentionPlan,
} from '@counterpoint/core';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { retentionRuns, settings } from '../schema/privacy.js';
import { users } from '../schema/users.js';
import { countRetention, type RetentionPreview } from './retention-preview.js';
import {
  contactGoes,
  dismissedSignal,
  escalatedSignal,
  identityGoes,
  unsignalledItem,
} from './retention-sql.js';
import { refreshTrendCounts } from './trends.js';

/**
 * Carrying out a retention run: bulk deletes in batches (one transaction each, so a long run never
 * holds locks for long and its progress can be shown), in an order that keeps every foreign key
 * satisfied: posts, then signals with their posts, then the identities no post names any more,
 * then contacts (erased in place). The audit log is never touched, so its hash chain stays whole;
 * the run adds its receipt to it.
 */

export const DEFAULT_RETENTION_BATCH = 1000;
/** The last London day whose trend counts retention has made final before deleting content. */
export const TREND_COUNTS_FINAL_KEY = 'retention.trend_counts_final_through';
// Stops two batches of different runs from interleaving on the same rows.
const RETENTION_LOCK = 0x7265_746e; // "retn"

function counted(result: unknown): number {
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** Fills a per-transaction table with the next batch, locking those rows. */
async function stage(tx: Db, table: string, select: SQL): Promise<number> {
  await tx.execute(
    sql.raw(`create temporary table ${table} (id text primary key, cluster_id text) on commit drop`),
  );
  return counted(
    await tx.execute(
      sql`with ins as (insert into ${sql.raw(table)} ${select} returning 1) select count(*)::int as n from ins`,
    ),
  );
}

type BatchFn = (tx: Db, plan: RetentionPlan, size: number) => Promise<number>;

const unsignalledBatch: BatchFn = async (tx, plan, size) => {
  const n = await stage(
    tx,
    'rt_items',
    sql`select i.id, i.cluster_id from items i where ${unsignalledItem(sql`i`, plan)}
        order by i.collected_at, i.id limit ${size} for update of i skip locked`,
  );
  if (n === 0) return 0;
  // scores, places and labels go with the item (ON DELETE CASCADE).
  await tx.execute(sql`delete from items x using rt_items b where x.id = b.id`);
  await tx.execute(sql`delete from clusters c using rt_items b
    where c.id = b.cluster_id
      and not exists (select 1 from items i where i.cluster_id = c.id)
      and not exists (select 1 from signals s where s.cluster_id = c.id)`);
  return n;
};

function signalBatch(which: 'dismissed' | 'escalated'): BatchFn {
  return async (tx, plan, size) => {
    const goes = which === 'dismissed' ? dismissedSignal(sql`s`, plan) : escalatedSignal(sql`s`, plan);
    const n = await stage(
      tx,
      'rt_signals',
      sql`select s.id, s.cluster_id from signals s where ${goes}
          order by s.updated_at, s.id limit ${size} for update of s skip locked`,
    );
    if (n === 0) return 0;
    await tx.execute(
      sql`delete from notes x using rt_signals b where x.entity_type = 'signal' and x.entity_id = b.id`,
    );
    await tx.execute(sql`delete from escalations x using rt_signals b where x.signal_id = b.id`);
    // Narrative links and opens cascade; labels go with their items below.
    await tx.execute(sql`delete from signals x using rt_signals b where x.id = b.id`);
    await tx.execute(sql`delete from items i using rt_signals b
      where i.cluster_id = b.cluster_id and not exists (select 1 from signals o where o.item_id = i.id)`);
    await tx.execute(sql`delete from clusters c using rt_signals b
      where c.id = b.cluster_id
        and not exists (select 1 from items i where i.cluster_id = c.id)
        and not exists (select 1 from signals s where s.cluster_id = c.id)`);
    return n;
  };
}

const identitiesBatch: BatchFn = async (tx, plan, size) =>
  counted(
    await tx.execute(sql`with doomed as (
        select d.id from identities d where ${identityGoes(sql`d`, plan, 'after-items')}
        order by d.id limit ${size} for update of d skip locked
      ), gone as (delete from identities x using doomed where x.id = doomed.id returning 1)
      select count(*)::int as n from gone`),
  );

const contactsBatch: BatchFn = async (tx, plan, size) => {
  const n = await stage(
    tx,
    'rt_contacts',
    sql`select c.id, null from contacts c where ${contactGoes(sql`c`, plan)}
        order by c.id limit ${size} for update of c skip locked`,
  );
  if (n === 0) return 0;
  // The row stays (engagement history still adds up); what identifies the person goes.
  await tx.execute(sql`update contacts x set name = '', role = null, email = null, phone = null,
      contact_preference = null, erased_at = now(), updated_at = now()
    from rt_contacts b where x.id = b.id`);
  await tx.execute(
    sql`delete from notes x using rt_contacts b where x.entity_type = 'contact' and x.entity_id = b.id`,
  );
  return n;
};

const BATCHES: Record<RemovableClass, BatchFn> = {
  items_unsignalled: unsignalledBatch,
  signals_dismissed: signalBatch('dismissed'),
  signals_escalated: signalBatch('escalated'),
  identities: identitiesBatch,
  contacts: contactsBatch,
};

/** The last day retention has made trend counts final for, or null before the first real run. */
export async function trendCountsFinalThrough(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, TREND_COUNTS_FINAL_KEY));
  return typeof row?.value === 'string' ? row.value : null;
}

/**
 * Before any content goes, every day it could belong to has its trend counts computed from the
 * complete data: the days after the last ones made final, up to the day before the trends job's own
 * window. Those days have never lost content to retention, so recounting them is exact.
 */
async function finaliseTrendCounts(
  db: Db,
  plan: RetentionPlan,
): Promise<{ from: string; to: string } | null> {
  const to = addDays(plan.countsFinalBefore, -1);
  const sealed = await trendCountsFinalThrough(db);
  let from = sealed ? addDays(sealed, 1) : null;
  if (!from) {
    const [row] = rowsOf<{ first: string | null }>(
      await db.execute(sql`select to_char(least(
          (select min(coalesce(published_at, collected_at)) from items),
          (select min(created_at) from signals)) at time zone 'Europe/London', 'YYYY-MM-DD') as first`),
    );
    from = row?.first ?? null;
  }
  if (from && from <= to) await refreshTrendCounts(db, { from, to });
  if (sealed === null || sealed < to)
    await db
      .insert(settings)
      .values({ key: TREND_COUNTS_FINAL_KEY, value: to })
      .onConflictDoUpdate({ target: settings.key, set: { value: to, updatedAt: sql`now()` } });
  return from && from <= to ? { from, to } : null;
}

export interface RunOptions {
  actor: Actor;
  plan: RetentionPlan;
  /** A queued run to carry out (Admin made it); without one a new run row is made. */
  runId?: string | undefined;
  batchSize?: number;
  onProgress?: (done: RetentionCounts, planned: RetentionCounts) => void;
}

export interface RunReceipt {
  runId: string;
  counts: RetentionCounts;
  planned: RetentionCounts;
  trendDays: { from: string; to: string } | null;
}

/**
 * Marks the run as running. A queued run (Admin made it) is carried out in the name of the person
 * who asked for it, so the receipt in the audit trail names them rather than the worker.
 */
async function claimRun(
  db: Db,
  actor: Actor,
  runId: string | undefined,
): Promise<{ id: string; actor: Actor }> {
  if (!runId) {
    const id = newId('retentionRun');
    await db.insert(retentionRuns).values({ id, dryRun: false, status: 'running', byId: actor.id });
    return { id, actor };
  }
  const [row] = await db
    .update(retentionRuns)
    .set({ status: 'running', startedAt: new Date() })
    .where(
      and(eq(retentionRuns.id, runId), eq(retentionRuns.status, 'queued'), eq(retentionRuns.dryRun, false)),
    )
    .returning({ id: retentionRuns.id, byId: retentionRuns.byId });
  if (!row) throw new DomainError('invalid_state', `Retention run ${runId} is not waiting to start.`);
  if (!row.byId) return { id: row.id, actor };
  const [person] = await db.select({ email: users.email }).from(users).where(eq(users.id, row.byId));
  return { id: row.id, actor: { id: row.byId, label: person?.email ?? row.byId } };
}

/**
 * Carries out a real run and writes its receipt (counts per class) to retention_runs and the audit
 * trail. A failure part-way is recorded too, with what had already gone: deletions are real.
 */
export async function executeRetentionRun(db: Db, options: RunOptions): Promise<RunReceipt> {
  const { plan } = options;
  const size = options.batchSize ?? DEFAULT_RETENTION_BATCH;
  const { id: runId, actor } = await claimRun(db, options.actor, options.runId);
  const counts = emptyCounts();
  let planned = emptyCounts();
  try {
    planned = await countRetention(db, plan);
    await db
      .update(retentionRuns)
      .set({ planned, cutoffs: { ...plan.cutoffs, countsFinalBefore: plan.countsFinalBefore } })
      .where(eq(retentionRuns.id, runId));
    const trendDays = await finaliseTrendCounts(db, plan);
    for (const dataClass of REMOVABLE_CLASSES) {
      for (;;) {
        const n = await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${RETENTION_LOCK})`);
          const done = await BATCHES[dataClass](tx, plan, size);
          if (done > 0) {
            counts[dataClass] += done;
            await tx
              .update(retentionRuns)
              .set({ counts: { ...counts } })
              .where(eq(retentionRuns.id, runId));
          }
          return done;
        });
        if (n === 0) break;
        options.onProgress?.({ ...counts }, planned);
      }
    }
    await mutate(db, actor, async (tx) => {
      await tx
        .update(retentionRuns)
        .set({ status: 'done', finishedAt: new Date(), counts })
        .where(eq(retentionRuns.id, runId));
      return {
        result: undefined,
        audit: {
          action: 'retention.run',
          entityType: 'retention_run',
          entityId: runId,
          change: { dryRun: false, counts, cutoffs: plan.cutoffs, today: plan.today, trendDays },
        },
      };
    });
    return { runId, counts, planned, trendDays };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await mutate(db, actor, async (tx) => {
      await tx
        .update(retentionRuns)
        .set({ status: 'failed', finishedAt: new Date(), counts, error: message.slice(0, 500) })
        .where(eq(retentionRuns.id, runId));
      return {
        result: undefined,
        audit: {
          action: 'retention.run_failed',
          entityType: 'retention_run',
          entityId: runId,
          change: { counts, cutoffs: plan.cutoffs, today: plan.today },
        },
      };
    });
    throw e;
  }
}

/** Records a dry run's figures as a receipt of its own (dry_run = true) in the table and the trail. */
export async function recordDryRun(db: Db, actor: Actor, preview: RetentionPreview): Promise<string> {
  return mutate(db, actor, async (tx) => {
    const id = newId('retentionRun');
    await tx.insert(retentionRuns).values({
      id,
      dryRun: true,
      status: 'done',
      finishedAt: new Date(),
      counts: preview.counts,
      planned: preview.counts,
      cutoffs: { ...preview.plan.cutoffs, countsFinalBefore: preview.plan.countsFinalBefore },
      byId: actor.id,
    });
    return {
      result: id,
      audit: {
        action: 'retention.dry_run',
        entityType: 'retention_run',
        entityId: id,
        change: { dryRun: true, counts: preview.counts, held: preview.held, cutoffs: preview.plan.cutoffs },
      },
    };
  });
}

/** How long a queued or running run blocks another from being started. */
const STALE_AFTER_MS = 6 * 3600_000;

/**
 * Admin's "Run now": makes a queued run the page can follow, refusing while another is under way
 * (one left behind by a crashed worker stops blocking after six hours).
 */
export async function queueRetentionRun(db: Db, actor: Actor & { id: string }): Promise<string> {
  return mutate(db, actor, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${RETENTION_LOCK + 1})`);
    const [busy] = await tx
      .select({ id: retentionRuns.id })
      .from(retentionRuns)
      .where(
        and(
          inArray(retentionRuns.status, ['queued', 'running']),
          sql`${retentionRuns.startedAt} > now() - make_interval(secs => ${STALE_AFTER_MS / 1000})`,
        ),
      )
      .limit(1);
    if (busy)
      throw new DomainError('conflict', 'A retention run is already under way; its progress is shown below.');
    const id = newId('retentionRun');
    await tx.insert(retentionRuns).values({ id, dryRun: false, status: 'queued', byId: actor.id });
    return {
      result: id,
      audit: { action: 'retention.run_requested', entityType: 'retention_run', entityId: id, change: {} },
    };
  });
}
