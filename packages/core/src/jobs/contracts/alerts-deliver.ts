import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Sends what subscribers are owed: one e-mail digest per e-mail subscription, one webhook POST per
 * webhook subscription, holding anything that falls in the subscriber's quiet hours.
 */
export const alertsDeliverJob = defineJob({
  name: 'alerts-deliver',
  queue: 'maintenance',
  payload: z.object({}).strict(),
  // Failed sends are retried by the next scheduled run (each delivery counts its own attempts).
  options: { attempts: 1, backoff: { type: 'fixed', delayMs: 60_000 } },
});
