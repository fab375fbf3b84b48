/**
 * Calendar days as the partnership counts them: Europe/London, as ISO `YYYY-MM-DD` strings. A post
 * at 00:30 BST on 2 June belongs to 2 June even though it is still 1 June in UTC.
 */

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Europe/London calendar day of an instant. */
export function londonDay(at: Date): string {
  return LONDON_DAY.format(at);
}

/** Minutes since London midnight of an instant (0–1439), daylight saving included. */
export function londonMinuteOfDay(at: Date): number {
  const [h, m] = LONDON_TIME.format(at).split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** `day` shifted by `n` calendar days (negative goes back). Pure date arithmetic, no time zone. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to` inclusive, oldest first (empty when `from` is after `to`). */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
