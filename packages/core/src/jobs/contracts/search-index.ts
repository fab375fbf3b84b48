import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Fills the full-text vectors of signals' items that lack one, in batches, off the ingest path
 * (docs/performance.md): ingest never pays for full-text indexing, and this keeps the backlog
 * bounded between searches. Scheduled every 30 seconds; running it twice changes nothing.
 */
export const searchIndexJob = defineJob({
  name: 'search-index',
  queue: 'maintenance',
  payload: z
    .object({
      /** Longest a run keeps filling before it leaves the rest to the next run. */
      budgetMs: z.number().int().min(100).max(600_000).optional(),
    })
    .strict(),
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 10_000 } },
});
