import {
  planRetention,
  REMOVABLE_CLASSES,
  type RemovableClass,
  type RetentionCounts,
  type RetentionPlan,
} from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { retentionPolicies } from '../schema/privacy.js';
import {
  contactGoes,
  dismissedSignal,
  escalatedSignal,
  identityGoes,
  unsignalledItem,
} from './retention-sql.js';

/** What a dry run reports: the counts a real run would record, and a few examples per class. */

export interface RetentionSample {
  id: string;
  /** The London day the class's clock ran from (collected, dismissed, last activity, expiry…). */
  day: string | null;
  /** A short neutral description: platform, category, status. Never the post's text. */
  detail: string;
}

export interface RetentionPreview {
  plan: RetentionPlan;
  counts: RetentionCounts;
  /** Signals that would have gone but are kept by a legal hold (their own or a narrative's). */
  held: { signals_dismissed: number; signals_escalated: number };
  samples: Record<RemovableClass, RetentionSample[]>;
}

/** The plan for a run at `now`, from the stored policies. */
export async function currentRetentionPlan(
  db: Db,
  now: Date,
  trendWindowDays: number,
): Promise<RetentionPlan> {
  const policies = await db
    .select({ dataClass: retentionPolicies.dataClass, days: retentionPolicies.days })
    .from(retentionPolicies);
  return planRetention(policies, now, { trendWindowDays });
}

const COUNT = {
  items_unsignalled: (p: RetentionPlan) =>
    sql`select count(*)::int as n from items i where ${unsignalledItem(sql`i`, p)}`,
  signals_dismissed: (p: RetentionPlan) =>
    sql`select count(*)::int as n from signals s where ${dismissedSignal(sql`s`, p)}`,
  signals_escalated: (p: RetentionPlan) =>
    sql`select count(*)::int as n from signals s where ${escalatedSignal(sql`s`, p)}`,
  identities: (p: RetentionPlan) =>
    sql`select count(*)::int as n from identities d where ${identityGoes(sql`d`, p, 'preview')}`,
  contacts: (p: RetentionPlan) =>
    sql`select count(*)::int as n from contacts c where ${contactGoes(sql`c`, p)}`,
} satisfies Record<RemovableClass, (p: RetentionPlan) => unknown>;

const DAY = (col: string) => sql.raw(`to_char((${col} at time zone 'Europe/London'), 'YYYY-MM-DD')`);

function sampleQuery(dataClass: RemovableClass, p: RetentionPlan, limit: number) {
  switch (dataClass) {
    case 'items_unsignalled':
      return sql`select i.id, ${DAY('i.collected_at')} as day, i.platform as detail
        from items i where ${unsignalledItem(sql`i`, p)} order by i.collected_at, i.id limit ${limit}`;
    case 'signals_dismissed':
      return sql`select s.id, ${DAY('s.updated_at')} as day,
          concat_ws(' · ', coalesce(s.category, 'no category'), s.status) as detail
        from signals s where ${dismissedSignal(sql`s`, p)} order by s.updated_at, s.id limit ${limit}`;
    case 'signals_escalated':
      return sql`select s.id, ${DAY('s.updated_at')} as day,
          concat_ws(' · ', coalesce(s.category, 'no category'), s.status) as detail
        from signals s where ${escalatedSignal(sql`s`, p)} order by s.updated_at, s.id limit ${limit}`;
    case 'identities':
      return sql`select d.id, ${DAY('d.last_seen_at')} as day, d.platform as detail
        from identities d where ${identityGoes(sql`d`, p, 'preview')} order by d.last_seen_at, d.id limit ${limit}`;
    case 'contacts':
      return sql`select c.id, c.consent_expires_on::text as day, 'consent expired' as detail
        from contacts c where ${contactGoes(sql`c`, p)} order by c.consent_expires_on, c.id limit ${limit}`;
  }
}

async function one(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  return rowsOf<{ n: number }>(await db.execute(query))[0]?.n ?? 0;
}

/** Counts what each class would lose under `plan` (the figures a real run's receipt will show). */
export async function countRetention(db: Db, plan: RetentionPlan): Promise<RetentionCounts> {
  const counts = {} as RetentionCounts;
  for (const c of REMOVABLE_CLASSES) counts[c] = await one(db, COUNT[c](plan));
  return counts;
}

/** A dry run: counts, what legal holds keep, and up to `sampleSize` examples per class. Changes nothing. */
export async function previewRetention(
  db: Db,
  plan: RetentionPlan,
  sampleSize = 5,
): Promise<RetentionPreview> {
  const counts = await countRetention(db, plan);
  const held = {
    signals_dismissed: await one(
      db,
      sql`select count(*)::int as n from signals s where ${dismissedSignal(sql`s`, plan, 'held')}`,
    ),
    signals_escalated: await one(
      db,
      sql`select count(*)::int as n from signals s where ${escalatedSignal(sql`s`, plan, 'held')}`,
    ),
  };
  const samples = {} as Record<RemovableClass, RetentionSample[]>;
  for (const c of REMOVABLE_CLASSES) {
    samples[c] =
      counts[c] === 0 ? [] : rowsOf<RetentionSample>(await db.execute(sampleQuery(c, plan, sampleSize)));
  }
  return { plan, counts, held, samples };
}
