import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Re-derives every narrative's status from its volume (time alone turns emerging into active and
 * silence into dormant). Hourly and light: one aggregate query, writes only what changed. Pages
 * that show statuses also refresh on read; this keeps the dashboard's counts honest in between.
 */
export const narrativesRefreshJob = defineJob({
  name: 'narratives-refresh',
  queue: 'maintenance',
  payload: z.object({}).strict(),
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 60_000 } },
});
