import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Releases the bundled, fictional demo posts a few at a time over the first minutes of a demo
 * workspace, through the real ingest and scoring path, so a newcomer sees signals arrive.
 */
export const demoReplayJob = defineJob({
  name: 'demo-replay',
  queue: 'collect',
  payload: z.object({}).strict(),
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 5_000 } },
});
