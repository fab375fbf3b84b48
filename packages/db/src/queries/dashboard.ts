import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';

/**
 * The dashboard's queue figures in one round trip, each answered from an index: open signals by
 * status (signals_queue_idx), the oldest open one, and the median time from a signal being raised to
 * its first review (the first claim or decision sets signals.first_reviewed_at) over recent signals.
 */

export interface QueueHealth {
  newCount: number;
  inReviewCount: number;
  /** When the oldest signal still new or in review was raised; null when the queue is empty. */
  oldestOpenAt: Date | null;
  /** Median seconds from raised to first review, over signals raised in the last `days` days. */
  medianFirstReviewSeconds: number | null;
  /** How many reviewed signals that median is over. */
  reviewedCount: number;
  days: number;
}

export async function queueHealth(db: Db, days = 30): Promise<QueueHealth> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select
        (select count(*)::int from signals where status = 'new') as new_count,
        (select count(*)::int from signals where status = 'in_review') as in_review_count,
        (select min(created_at) from signals where status in ('new', 'in_review')) as oldest_open_at,
        r.median, r.reviewed
      from (
        select percentile_cont(0.5) within group (
                 order by extract(epoch from (first_reviewed_at - created_at))) as median,
               count(*)::int as reviewed
        from signals
        where created_at >= now() - make_interval(days => ${days})
          and first_reviewed_at is not null
      ) r`),
  );
  const oldest = row?.oldest_open_at as string | Date | null | undefined;
  const median = row?.median as number | string | null | undefined;
  return {
    newCount: Number(row?.new_count ?? 0),
    inReviewCount: Number(row?.in_review_count ?? 0),
    oldestOpenAt: oldest ? new Date(oldest) : null,
    medianFirstReviewSeconds: median === null || median === undefined ? null : Math.max(0, Number(median)),
    reviewedCount: Number(row?.reviewed ?? 0),
    days,
  };
}
