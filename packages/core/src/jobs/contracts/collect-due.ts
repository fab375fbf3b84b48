import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Every minute: finds the sources whose turn it is and queues one `collect-source` job for each.
 * Cheap (one query), so it sits with the housekeeping jobs rather than the network-bound collectors.
 */
export const collectDueJob = defineJob({
  name: 'collect-due',
  queue: 'maintenance',
  payload: z.object({}).strict(),
  options: { attempts: 2, backoff: { type: 'fixed', delayMs: 10_000 } },
});
