import { z } from 'zod';
import { defineJob } from '../define.js';

/** Finds spikes in trend_counts for recent days and writes them as alerts (once per key and day). */
export const alertsDetectJob = defineJob({
  name: 'alerts-detect',
  queue: 'maintenance',
  payload: z
    .object({
      /** Days to test, counting back from today (London): 2 covers a spike that peaked late yesterday. */
      days: z.number().int().min(1).max(31).default(2),
    })
    .strict(),
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 30_000 } },
});
