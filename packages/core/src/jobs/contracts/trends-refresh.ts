import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Recomputes trend_counts for the last `days` days from items and signals (idempotent: the same
 * window always yields the same rows). Must keep running ahead of retention, which deletes the
 * content these counts are made from: counts for days already past retention are never recomputed.
 */
export const trendsRefreshJob = defineJob({
  name: 'trends-refresh',
  queue: 'maintenance',
  payload: z
    .object({
      days: z.number().int().min(1).max(400).default(35),
      /** Run spike detection afterwards (the scheduled run does). */
      detect: z.boolean().default(true),
    })
    .strict(),
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 30_000 } },
});
