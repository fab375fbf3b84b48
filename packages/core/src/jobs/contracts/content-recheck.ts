import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Hourly: re-checks whether posts reported to their platform are still online, oldest check first,
 * in one bounded batch, and records when one went (404 or 410). Network-bound, so it runs on the
 * collect queue next to the collectors that share the same per-host politeness.
 */
export const contentRecheckJob = defineJob({
  name: 'content-recheck',
  queue: 'collect',
  payload: z
    .object({
      /** How many escalations one run checks at most. */
      batchSize: z.number().int().min(1).max(500).default(50),
      /** An escalation checked more recently than this is left alone. */
      minIntervalMinutes: z.number().int().min(0).max(10_080).default(360),
      /** Escalations sent longer ago than this are no longer followed. */
      maxAgeDays: z.number().int().min(1).max(365).default(90),
    })
    .strict(),
  // A failed run is simply retried by the next hour's schedule.
  options: { attempts: 2, backoff: { type: 'fixed', delayMs: 60_000 } },
});
