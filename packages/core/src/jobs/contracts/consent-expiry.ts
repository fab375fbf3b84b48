import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Raises one task per consent that expires within the lead time (or has expired) for the contact's
 * owner, and closes tasks a renewal made moot. Scheduled daily; running it twice changes nothing.
 */
export const consentExpiryJob = defineJob({
  name: 'consent-expiry',
  queue: 'maintenance',
  payload: z
    .object({
      /** Days ahead of expiry to raise the task; the default suits a renewal conversation. */
      leadDays: z.number().int().min(0).max(365).optional(),
    })
    .strict(),
  options: { attempts: 3, backoff: { type: 'exponential', delayMs: 60_000 } },
});
