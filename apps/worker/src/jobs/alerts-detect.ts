import { addDays, alertsDetectJob, DEFAULT_SPIKE_OPTIONS, findSpikes, londonDay } from '@counterpoint/core';
import { readDailyItemCounts, recordSpikes, trendObservedFrom } from '@counterpoint/db';
import { defineHandler } from './types.js';

const HOUR = 60 * 60_000;

/**
 * Tests today and yesterday (London) for spikes against the trailing 28 days of trend_counts and
 * records each as an alert, once. New alerts are handed straight to delivery. Also scheduled on its
 * own, hourly, in case a trends refresh was missed.
 */
export const alertsDetectHandler = defineHandler({
  contract: alertsDetectJob,
  schedule: { everyMs: HOUR, payload: { days: 2 } },
  async handle(payload, { db, now, enqueue, logger }) {
    const today = londonDay(now());
    const days = Array.from({ length: payload.days }, (_, i) => addDays(today, -i));
    const from = addDays(days[days.length - 1]!, -DEFAULT_SPIKE_OPTIONS.windowDays);
    const counts = await readDailyItemCounts(db, { from, to: today });
    const spikes = findSpikes({ counts, days, observedFrom: await trendObservedFrom(db) });
    const recorded = await recordSpikes(db, spikes, now());
    if (recorded.created.length > 0) {
      logger.info({ created: recorded.created.length }, 'spike alerts raised');
      await enqueue('alerts-deliver', {});
    }
    return { spikes: spikes.length, created: recorded.created.length, updated: recorded.updated };
  },
});
