/**
 * Plain words and badge tones for escalation codes (used by the list and the detail page). Runs in
 * the browser, so it imports nothing from @counterpoint/core (which is server-side code); the
 * route kinds' labels come with the page data.
 */

export function statusTone(status: string): string {
  if (status === 'sent') return 'warning';
  if (status === 'acknowledged') return 'accent';
  return 'success';
}

export function contentTone(status: string): string {
  if (status === 'removed') return 'success';
  if (status === 'online') return 'warning';
  return '';
}

export function contentLabel(status: string): string {
  if (status === 'removed') return 'Removed';
  if (status === 'online') return 'Still online';
  return 'Not checked yet';
}

function span(ms: number): string {
  const h = Math.round(Math.abs(ms) / 3_600_000);
  if (h < 1) return 'under an hour';
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** "Overdue by 5 h", "Due in 3 h", "Acknowledged after 2 h", "Closed". */
export function dueText(
  e: {
    status: string;
    overdue: boolean;
    dueAt: Date | string;
    sentAt: Date | string;
    acknowledgedAt: Date | string | null;
  },
  now: Date = new Date(),
): string {
  const due = new Date(e.dueAt).getTime();
  if (e.status === 'sent')
    return e.overdue
      ? `Overdue by ${span(now.getTime() - due)}`
      : `Answer due in ${span(due - now.getTime())}`;
  if (e.status === 'acknowledged' && e.acknowledgedAt)
    return `Acknowledged after ${span(new Date(e.acknowledgedAt).getTime() - new Date(e.sentAt).getTime())}`;
  return e.status === 'closed' ? 'Outcome recorded' : '';
}
