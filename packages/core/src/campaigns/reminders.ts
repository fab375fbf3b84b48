/**
 * Reminders before activities. Each reminder is one delayed job whose id names the activity and the
 * start time it was set for. Moving an activity enqueues a new job under a new id; the old one still
 * fires but finds the activity no longer starts when it was told and does nothing, so a reschedule
 * replaces the reminder without the web app having to reach into the queue.
 */

/** Choices offered in the activity form (minutes before the start). */
export const REMINDER_CHOICES = [
  { minutes: 15, label: '15 minutes before' },
  { minutes: 60, label: '1 hour before' },
  { minutes: 24 * 60, label: '1 day before' },
  { minutes: 2 * 24 * 60, label: '2 days before' },
  { minutes: 7 * 24 * 60, label: '1 week before' },
] as const;

export function reminderFireAt(startsAt: Date, minutesBefore: number): Date {
  return new Date(startsAt.getTime() - minutesBefore * 60_000);
}

/** Delay for the job; a reminder whose moment has passed (but not the activity) fires at once. */
export function reminderDelayMs(startsAt: Date, minutesBefore: number, now: Date): number | null {
  if (startsAt.getTime() <= now.getTime()) return null;
  return Math.max(0, reminderFireAt(startsAt, minutesBefore).getTime() - now.getTime());
}

/** BullMQ job ids may not contain ':'; the start time in milliseconds keeps them distinct. */
export function reminderJobId(activityId: string, startsAt: Date, minutesBefore: number): string {
  return `campaign-reminder-${activityId}-${startsAt.getTime()}-${minutesBefore}`;
}

/** Whether a reminder job still matches the activity it was set for. */
export function reminderStillDue(
  job: { startsAt: string; minutesBefore: number },
  activity: {
    startsAt: Date;
    reminderMinutesBefore: number | null;
    status: string;
    reminderSentAt: Date | null;
  },
): boolean {
  return (
    activity.status === 'planned' &&
    activity.reminderSentAt === null &&
    activity.reminderMinutesBefore === job.minutesBefore &&
    activity.startsAt.getTime() === new Date(job.startsAt).getTime()
  );
}
