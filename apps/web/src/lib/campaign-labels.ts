/** Badge tones for campaign and message statuses (shared by the list, the page and the calendar). */
export const CAMPAIGN_TONE: Record<string, string> = {
  draft: '',
  in_review: 'warning',
  approved: 'accent',
  live: 'success',
  completed: '',
  evaluated: '',
};

export const MESSAGE_TONE: Record<string, string> = {
  draft: '',
  submitted: 'warning',
  approved: 'success',
  returned: 'danger',
};

export const MESSAGE_LABEL: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for approval',
  approved: 'Approved',
  returned: 'Returned with comments',
};

const LONDON_DAY_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Sat 31 Oct 2026, 10:00": always London time, whatever the browser's zone. */
export function londonDayTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? '—' : LONDON_DAY_TIME.format(d);
}

export function londonTime(value: Date | string): string {
  return LONDON_TIME.format(typeof value === 'string' ? new Date(value) : value);
}
