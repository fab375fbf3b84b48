import { DomainError, isIsoDay, type DailyCount } from '@counterpoint/core';
import { and, asc, gte, lte, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { trendCounts } from '../schema/narratives.js';

/**
 * Daily counts by category and district (Europe/London days), the source for trend charts and spike
 * baselines. Recomputed for a recent window from items and signals, so the same window always gives
 * the same rows (idempotent) and late-arriving posts are picked up on the next run.
 *
 *  - items: posts whose current score names a category, by the day they were published (collected,
 *    when the platform gave no date), once per district they concern; null district = unplaced.
 *  - signals: signals raised that day, by the signal's category and its item's districts.
 *
 * Retention will delete items and signals: the refresh must run ahead of it, and never recompute a
 * day whose content retention has already removed (the window stays well inside any retention period).
 */

export interface TrendWindow {
  /** First day, inclusive (YYYY-MM-DD, London). */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

function checkWindow(w: TrendWindow): void {
  if (!isIsoDay(w.from) || !isIsoDay(w.to) || w.from > w.to) {
    throw new DomainError(
      'invalid_input',
      `“${w.from}” to “${w.to}” is not a range of days (use YYYY-MM-DD).`,
    );
  }
}

export interface RefreshResult {
  upserted: number;
  removed: number;
}

/** Recomputes trend_counts for every day of the window in one transaction. */
export async function refreshTrendCounts(db: Db, window: TrendWindow): Promise<RefreshResult> {
  checkWindow(window);
  const { from, to } = window;
  // London midnights bounding the window, as instants, so the indexed timestamp columns are
  // compared with constants rather than converted row by row.
  const start = sql`((${from}::date)::timestamp at time zone 'Europe/London')`;
  const end = sql`(((${to}::date) + 1)::timestamp at time zone 'Europe/London')`;
  const computed = sql`
    with item_rows as (
      select (coalesce(i.published_at, i.collected_at) at time zone 'Europe/London')::date as day,
             s.category, d.district_id, count(*)::int as items, 0 as signals
      from items i
      join scores s on s.item_id = i.id and s.current and s.category is not null
      left join item_districts d on d.item_id = i.id
      where (i.published_at >= ${start} and i.published_at < ${end})
         or (i.published_at is null and i.collected_at >= ${start} and i.collected_at < ${end})
      group by 1, 2, 3
    ), signal_rows as (
      select (g.created_at at time zone 'Europe/London')::date as day,
             g.category, d.district_id, 0 as items, count(*)::int as signals
      from signals g
      left join item_districts d on d.item_id = g.item_id
      where g.category is not null and g.created_at >= ${start} and g.created_at < ${end}
      group by 1, 2, 3
    )
    select day, category, district_id, sum(items)::int as items, sum(signals)::int as signals
    from (select * from item_rows union all select * from signal_rows) u
    group by day, category, district_id`;

  return db.transaction(async (tx) => {
    // Serialise refreshes: two overlapping runs would otherwise race on the delete below.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x7472_6e64})`);
    await tx.execute(
      sql`create temporary table trend_fresh (day date, category text, district_id text, items int, signals int) on commit drop`,
    );
    await tx.execute(sql`insert into trend_fresh ${computed}`);
    const upserted = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with up as (
          insert into trend_counts (day, category, district_id, items, signals)
          select day, category, district_id, items, signals from trend_fresh
          on conflict on constraint trend_counts_key
          do update set items = excluded.items, signals = excluded.signals
          where (trend_counts.items, trend_counts.signals) is distinct from (excluded.items, excluded.signals)
          returning 1
        ) select count(*)::int as n from up`),
    )[0]?.n;
    const removed = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with gone as (
          delete from trend_counts t
          where t.day between ${from}::date and ${to}::date
            and not exists (
              select 1 from trend_fresh f
              where f.day = t.day and f.category = t.category
                and f.district_id is not distinct from t.district_id)
          returning 1
        ) select count(*)::int as n from gone`),
    )[0]?.n;
    return { upserted: upserted ?? 0, removed: removed ?? 0 };
  });
}

/** Item counts per day, category and district for spike detection. */
export async function readDailyItemCounts(db: Db, window: TrendWindow): Promise<DailyCount[]> {
  checkWindow(window);
  const rows = await db
    .select({
      day: trendCounts.day,
      category: trendCounts.category,
      districtId: trendCounts.districtId,
      count: trendCounts.items,
    })
    .from(trendCounts)
    .where(and(gte(trendCounts.day, window.from), lte(trendCounts.day, window.to)))
    .orderBy(asc(trendCounts.day));
  return rows;
}

/** The first day anything was counted, or null: spike baselines must not treat earlier days as zero. */
export async function trendObservedFrom(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ first: sql<string | null>`min(${trendCounts.day})::text` })
    .from(trendCounts);
  return row?.first ?? null;
}

export interface TrendTotals {
  day: string;
  key: string | null;
  items: number;
  signals: number;
}

/**
 * Daily totals for charts, grouped by category or by district. Reads only trend_counts (one row per
 * day, category and district), so it stays fast however many items there are.
 */
export async function trendTotals(
  db: Db,
  window: TrendWindow,
  by: 'category' | 'district',
): Promise<TrendTotals[]> {
  checkWindow(window);
  const key = by === 'category' ? trendCounts.category : trendCounts.districtId;
  return db
    .select({
      day: trendCounts.day,
      key,
      items: sql<number>`sum(${trendCounts.items})::int`,
      signals: sql<number>`sum(${trendCounts.signals})::int`,
    })
    .from(trendCounts)
    .where(and(gte(trendCounts.day, window.from), lte(trendCounts.day, window.to)))
    .groupBy(trendCounts.day, key)
    .orderBy(asc(trendCounts.day));
}
