import { campaignReminderJob, LONDON } from '@counterpoint/core';
import { raiseActivityReminder, type Db, type RaisedReminder } from '@counterpoint/db';
import type { Logger } from '../logger.js';
import { sharedMailer, type MailMessage, type Mailer } from '../mail/mailer.js';
import { defineHandler } from './types.js';

const WHEN = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** The reminder e-mail: what, when (London time, with GMT/BST said), where, and the link. */
export function reminderEmail(raised: RaisedReminder, origin: string | undefined): MailMessage | null {
  if (!raised.recipient) return null;
  const a = raised.activity;
  const link = origin ? `${origin.replace(/\/$/, '')}/campaigns/${a.campaignId}` : null;
  const lines = [
    `Hello ${raised.recipient.name},`,
    '',
    `This is a reminder of an activity in the campaign “${a.campaignTitle}”:`,
    '',
    `  ${a.title}`,
    `  ${WHEN.format(a.startsAt)}`,
    ...(a.district ? [`  ${a.district}`] : []),
    ...(a.channel ? [`  Channel: ${a.channel}`] : []),
    '',
    ...(link ? [`The campaign plan: ${link}`, ''] : []),
    'You are receiving this because you own this activity or its campaign in Counterpoint.',
  ];
  return { to: raised.recipient.email, subject: `Reminder: ${a.title}`, text: lines.join('\n') };
}

export interface ReminderDeps {
  /** The worker's one mailer (src/mail); null when SMTP_URL is not set. */
  mailer: Mailer | null;
  origin: string;
  logger: Logger;
}

/**
 * Raises the workbench reminder, then e-mails it when a mailer is configured. The task is stored
 * first; a failed send is logged and not retried, so a retry can never raise a second task.
 */
export async function runCampaignReminder(
  db: Db,
  payload: { activityId: string; startsAt: string; minutesBefore: number },
  deps: ReminderDeps,
): Promise<{ raised: boolean; taskId?: string; emailed?: boolean }> {
  const raised = await raiseActivityReminder(db, payload);
  if (!raised) {
    deps.logger.info({ activityId: payload.activityId }, 'reminder no longer applies (moved, done or sent)');
    return { raised: false };
  }
  const mail = reminderEmail(raised, deps.origin);
  let emailed = false;
  if (mail && deps.mailer) {
    try {
      await deps.mailer.send(mail);
      emailed = true;
    } catch (err) {
      deps.logger.warn(
        { err, activityId: payload.activityId },
        'reminder e-mail failed; the workbench task stands',
      );
    }
  }
  return { raised: true, taskId: raised.taskId, emailed };
}

export const campaignReminderHandler = defineHandler({
  contract: campaignReminderJob,
  async handle(payload, { db, config, logger }) {
    return runCampaignReminder(db, payload, { mailer: sharedMailer(config), origin: config.origin, logger });
  },
});
