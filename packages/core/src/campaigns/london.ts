import { DomainError } from '../errors/errors.js';

/**
 * Wall-clock time in Europe/London. Activities are stored as instants; people plan them in local
 * time, and the calendar and feeds show local time, so every conversion goes through here. Built on
 * Intl (the ICU time-zone database), never on a fixed offset: 10:00 on 24 October 2026 is 09:00Z
 * (BST) and 10:00 on 31 October 2026 is 10:00Z (GMT, after the change on Sunday 25 October).
 */
export const LONDON = 'Europe/London';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface LocalParts {
  /** yyyy-mm-dd */
  day: string;
  /** HH:MM, 24-hour */
  time: string;
  hour: number;
  minute: number;
}

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function partsOf(instant: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of PARTS.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local day and time an instant falls on in London. */
export function londonParts(instant: Date): LocalParts {
  const p = partsOf(instant);
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  return {
    day: `${pad(p.year ?? 0, 4)}-${pad(p.month ?? 0)}-${pad(p.day ?? 0)}`,
    time: `${pad(hour)}:${pad(minute)}`,
    hour,
    minute,
  };
}

export function londonDay(instant: Date): string {
  return londonParts(instant).day;
}

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
export function londonOffsetMinutes(instant: Date): number {
  const p = partsOf(instant);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isTime(value: string): boolean {
  return TIME_RE.test(value);
}

/**
 * The instant a London wall-clock time names. A time skipped by the spring change (01:30 on the
 * last Sunday of March) becomes the first valid moment after it (02:30 BST, i.e. 01:30Z); a time that
 * happens twice in autumn (01:30 on the last Sunday of October) means the first (BST) one.
 */
export function londonInstant(day: string, time: string): Date {
  if (!isDay(day)) throw new DomainError('invalid_input', `“${day}” is not a date (use yyyy-mm-dd).`);
  if (!isTime(time)) throw new DomainError('invalid_input', `“${time}” is not a time (use HH:MM).`);
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Try the offsets in force just before and just after; the first that maps back to the same wall
  // time wins (the earlier, BST, reading of an ambiguous autumn time).
  const candidates = [
    ...new Set([
      londonOffsetMinutes(new Date(wall - 3 * 3600_000)),
      londonOffsetMinutes(new Date(wall + 3 * 3600_000)),
    ]),
  ].sort((a, b) => b - a);
  for (const offset of candidates) {
    const instant = new Date(wall - offset * 60_000);
    const back = londonParts(instant);
    if (back.day === day && back.time === time) return instant;
  }
  // Skipped by the spring change: the same wall time read with the winter offset lands after the gap.
  return new Date(wall - Math.min(...candidates) * 60_000);
}

/** Adds whole days to a yyyy-mm-dd day (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  if (!isDay(day)) throw new DomainError('invalid_input', `“${day}” is not a date (use yyyy-mm-dd).`);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
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
