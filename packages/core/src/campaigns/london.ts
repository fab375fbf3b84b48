import { DomainError } from '../errors/errors.js';

import {
  addDays as shiftDay,
  isCalendarDay,
  londonInstant as instantOf,
  londonParts,
} from '../time/london.js';

/**
 * Wall-clock time in Europe/London for campaigns: activities are stored as instants, people plan
 * them in local time. The London arithmetic lives in time/london.ts; this keeps the names (and the
 * DomainError on bad input) that campaign, risk and report code use.
 */
export {
  LONDON,
  daysBetween,
  isTime,
  londonDay,
  londonOffsetMinutes,
  londonParts,
  type LocalParts,
} from '../time/london.js';

/**
 * A real yyyy-mm-dd day. Years 0000–0099 have never been taken here (Date.UTC read them as
 * 1900–1999), and the forms behind this still refuse them.
 */
export function isDay(value: string): boolean {
  return isCalendarDay(value) && Number(value.slice(0, 4)) >= 100;
}

/**
 * The instant a London wall-clock time names; see time/london.ts for the clock-change rules
 * (a skipped spring time moves past the gap, a repeated autumn time means the BST one).
 */
export function londonInstant(day: string, time: string): Date {
  if (!isDay(day)) throw new DomainError('invalid_input', `“${day}” is not a date (use yyyy-mm-dd).`);
  return instantOf(day, time);
}

/** Adds whole days to a yyyy-mm-dd day (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  if (!isDay(day)) throw new DomainError('invalid_input', `“${day}” is not a date (use yyyy-mm-dd).`);
  return shiftDay(day, n);
}

/** 0 = Monday … 6 = Sunday, the way British calendars lay weeks out. */
export function weekdayIndex(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function startOfWeek(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

/** The Monday-first weeks that cover a month ('yyyy-mm'), each seven yyyy-mm-dd days. */
export function monthWeeks(month: string): string[][] {
  if (!/^\d{4}-\d{2}$/.test(month) || !isDay(`${month}-01`))
    throw new DomainError('invalid_input', `“${month}” is not a month (use yyyy-mm).`);
  const first = `${month}-01`;
  const weeks: string[][] = [];
  let cursor = startOfWeek(first);
  do {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(cursor, i)));
    cursor = addDays(cursor, 7);
  } while (cursor.slice(0, 7) === month);
  return weeks;
}

/** The month before or after 'yyyy-mm'. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * Moves an activity to another local day (and optionally another local time), keeping its length.
 * Without a time the local time of day is kept, so a 10:00 meeting dragged across the October clock
 * change still starts at 10:00 on the calendar.
 */
export function moveActivity(
  startsAt: Date,
  endsAt: Date | null,
  toDay: string,
  toTime?: string,
): { startsAt: Date; endsAt: Date | null } {
  const local = londonParts(startsAt);
  const start = londonInstant(toDay, toTime ?? local.time);
  const end = endsAt ? new Date(start.getTime() + (endsAt.getTime() - startsAt.getTime())) : null;
  return { startsAt: start, endsAt: end };
}
