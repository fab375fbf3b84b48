import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Walks the whole audit chain, storing its progress, and records the verdict. Scheduled daily;
 * started from Admin → Audit trail it carries the id of the walk the page follows.
 */
export const auditVerifyJob = defineJob({
  name: 'audit-verify',
  queue: 'maintenance',
  payload: z
    .object({
      verificationId: z
        .string()
        .regex(/^avf_[0-9a-z]{26}$/)
        .optional(),
    })
    .strict(),
  // A broken chain is a finding, not a failure: retries only cover the database being unavailable.
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 60_000 } },
});
