import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Train a new candidate classifier from analysts' labels and imported labelled data. CPU-bound, so it
 * runs on the 'score' queue in a worker, never in the web process. `runId` names the progress record
 * (an `import_jobs` row of kind 'retrain') that the Admin page shows; the model it stores is only a
 * candidate until a supervisor makes it active.
 */
export const retrainJob = defineJob({
  name: 'retrain',
  queue: 'score',
  payload: z
    .object({
      runId: z.string().min(1),
      requestedBy: z.string().min(1).nullable(),
    })
    .strict(),
  // A training run that failed is reported and re-requested by a person, not retried blindly.
  options: { attempts: 1, backoff: { type: 'fixed', delayMs: 10_000 } },
});
