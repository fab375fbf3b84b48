import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * Remind an activity's owner shortly before it starts: a task in the workbench, and an e-mail when
 * SMTP is configured. Enqueued with a delay when an activity is planned or moved; the payload names
 * the start it was set for, so a reminder for a start that has since moved does nothing.
 */
export const campaignReminderJob = defineJob({
  name: 'campaign-reminder',
  queue: 'maintenance',
  payload: z
    .object({
      activityId: z.string().min(1),
      startsAt: z.iso.datetime(),
      minutesBefore: z.number().int().positive(),
    })
    .strict(),
  options: { attempts: 5, backoff: { type: 'exponential', delayMs: 30_000 } },
});
