import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Collects one source once (a feed fetch with conditional GET, a Mastodon timeline page run) and
 * queues what it found for ingestion in batches. A broken source is recorded in its health, not
 * retried here: only an unavailable database or queue makes the job retry.
 */
export const collectSourceJob = defineJob({
  name: 'collect-source',
  queue: 'collect',
  payload: z.object({ sourceId: z.string().min(1) }).strict(),
  options: { attempts: 4, backoff: { type: 'exponential', delayMs: 5_000 } },
});
