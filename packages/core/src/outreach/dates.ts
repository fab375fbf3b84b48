/**
 * Calendar-day arithmetic on ISO `yyyy-mm-dd` strings. Consent expiry and follow-up due dates are
 * days, not instants, so they are compared as days in UTC and "today" is taken in Europe/London,
 * where the partnership works (time/london.ts). Unlike the shared helpers, these refuse a string
 * that is not a real day with a RangeError.
 */
import { addDays as shiftDay, daysBetween as daysApart, isCalendarDay } from '../time/london.js';

export { isCalendarDay as isDay, londonDay } from '../time/london.js';

function checked(day: string): string {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  return day;
}

export function addDays(day: string, days: number): string {
  return shiftDay(checked(day), days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  // `to` is checked first, as it always was, so a pair of bad days names the same one.
  const end = checked(to);
  return daysApart(checked(from), end);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

const UK_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** `2027-01-05` → `5 Jan 2027`, for titles written by the system. */
export function ukDay(day: string): string {
  return UK_DAY.format(new Date(`${checked(day)}T00:00:00Z`));
}
