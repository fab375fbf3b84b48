import { DomainError } from '../errors/errors.js';

/**
 * Europe/London calendar days and wall-clock time, in one place. The partnership counts days in
 * London (a post at 00:30 BST on 2 June belongs to 2 June although it is still 1 June in UTC), and
 * people plan in local time. Everything zone-dependent goes through Intl (the ICU time-zone
 * database), never a fixed offset: 10:00 on 24 October 2026 is 09:00Z (BST) and 10:00 on
 * 31 October 2026 is 10:00Z (GMT, after the change on Sunday 25 October).
 *
 * Days are ISO `yyyy-mm-dd` strings; arithmetic on them is calendar arithmetic in UTC, with no time
 * zone involved. The day helpers here do not validate: trends, outreach and campaigns each refuse
 * bad input in their own way (their callers rely on the error they get), so they check first.
 */
export const LONDON = 'Europe/London';

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

/** The Europe/London calendar day of an instant. */
export function londonDay(instant: Date): string {
  return londonParts(instant).day;
}

/** Minutes since London midnight of an instant (0–1439), daylight saving included. */
export function londonMinuteOfDay(instant: Date): number {
  const { hour, minute } = londonParts(instant);
  return hour * 60 + minute;
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

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A real calendar day written `yyyy-mm-dd` (not 30 February). */
export function isCalendarDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** `HH:MM`, 24-hour. */
export function isTime(value: string): boolean {
  return TIME_RE.test(value);
}

/**
 * `day` shifted by `n` calendar days (negative goes back). Unchecked: a string Date cannot read
 * throws RangeError from toISOString.
 */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
function dayNumber(day: string): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return d.getTime();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Unchecked: NaN for non-days. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayNumber(to) - dayNumber(from)) / 86_400_000);
}

/**
 * The instant a London wall-clock time names. A time skipped by the spring change (01:30 on the
 * last Sunday of March) becomes the first valid moment after it (02:30 BST, i.e. 01:30Z); a time that
 * happens twice in autumn (01:30 on the last Sunday of October) means the first (BST) one.
 */
export function londonInstant(day: string, time: string): Date {
  if (!isCalendarDay(day)) throw new DomainError('invalid_input', `“${day}” is not a date (use yyyy-mm-dd).`);
  if (!isTime(time)) throw new DomainError('invalid_input', `“${time}” is not a time (use HH:MM).`);
  const wall = dayNumber(day) + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000;
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
