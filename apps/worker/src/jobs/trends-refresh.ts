import { addDays, londonDay, trendsRefreshJob } from '@counterpoint/core';
import { refreshTrendCounts } from '@counterpoint/db';
import { defineHandler } from './types.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Keeps trend_counts current: every quarter of an hour it recomputes the last five weeks (enough for
 * late posts and category corrections; spike baselines read 28 days) and then runs spike detection.
 * Retention (not built yet) must delete content only after this has counted it: its window is
 * far older than 35 days, and counts for older days are never recomputed, so they survive it.
 */
export const trendsRefreshHandler = defineHandler({
  contract: trendsRefreshJob,
  schedule: { everyMs: FIFTEEN_MINUTES, payload: { days: 35, detect: true } },
  async handle(payload, { db, now, enqueue, logger }) {
    const to = londonDay(now());
    const from = addDays(to, -(payload.days - 1));
    const started = Date.now();
    const result = await refreshTrendCounts(db, { from, to });
    logger.info({ from, to, ...result, ms: Date.now() - started }, 'trend counts refreshed');
    if (payload.detect) await enqueue('alerts-detect', {});
    return { from, to, ...result };
  },
});
