import { z } from 'zod';
import { defineJob } from '../define.js';

/** Score stored items with the active lexicon version (and model, when one is active). */
export const scoreItemsJob = defineJob({
  name: 'score-items',
  queue: 'score',
  payload: z
    .object({
      itemIds: z.array(z.string().min(1)).min(1).max(1000),
    })
    .strict(),
  options: { attempts: 8, backoff: { type: 'exponential', delayMs: 1_000 } },
});
