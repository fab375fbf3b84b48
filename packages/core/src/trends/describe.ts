/**
 * Plain words for an alert, the same in the workbench, e-mail digests, webhooks and the Atom feed.
 * An alert states a count against a baseline; it is a prompt to look, never a finding about anyone.
 */

export interface AlertFacts {
  kind: string;
  category: string | null;
  districtName: string | null;
  day: string;
  count: number;
  baseline: number;
  z: number;
}

export function categoryWords(category: string | null): string {
  return category ? category.replace(/_/g, ' ') : 'all categories';
}

export function districtWords(districtName: string | null): string {
  return districtName ?? 'no district identified';
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function dayWords(day: string): string {
  return DAY.format(new Date(`${day}T00:00:00Z`));
}

function oneDecimal(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString('en-GB');
}

/** "Spike: extreme right in North Vale" */
export function alertTitle(a: AlertFacts): string {
  const what =
    a.kind === 'spike' ? 'Spike' : a.kind === 'threshold' ? 'Threshold passed' : 'Narrative growing';
  const where = a.districtName ? `in ${a.districtName}` : '(no district identified)';
  return `${what}: ${categoryWords(a.category)} ${where}`;
}

/** "31 posts on Fri, 20 Nov 2026 against a usual 8.2 a day over the previous 28 days (z = 6.1)." */
export function alertSummary(a: AlertFacts): string {
  const posts = a.count === 1 ? 'post' : 'posts';
  return `${a.count.toLocaleString('en-GB')} ${posts} on ${dayWords(a.day)} against a usual ${oneDecimal(a.baseline)} a day over the previous 28 days (z = ${oneDecimal(a.z)}).`;
}
