import { z } from 'zod';
import { defineJob } from '../define.js';

/** Walks the whole audit chain and records the verdict. Scheduled daily. */
export const auditVerifyJob = defineJob({
  name: 'audit-verify',
  queue: 'maintenance',
  payload: z.object({}).strict(),
  // A broken chain is a finding, not a failure: retries only cover the database being unavailable.
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 60_000 } },
});
