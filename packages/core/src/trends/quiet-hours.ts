import { londonMinuteOfDay } from './days.js';

/**
 * Quiet hours are set in Europe/London wall-clock time ("22:00 to 07:00") and may run past
 * midnight. Postgres `time` columns arrive as "HH:MM" or "HH:MM:SS".
 */

function minutes(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** Whether "HH:MM" (or "HH:MM:SS") is a valid time of day. */
export function isTimeOfDay(value: string): boolean {
  return minutes(value) !== null;
}

/**
 * Whether `at` falls inside quiet hours from `from` (inclusive) to `until` (exclusive), London time.
 * No quiet hours when either end is missing or both are the same time.
 */
export function isQuietAt(at: Date, from: string | null, until: string | null): boolean {
  if (!from || !until) return false;
  const f = minutes(from);
  const u = minutes(until);
  if (f === null || u === null || f === u) return false;
  const m = londonMinuteOfDay(at);
  return f < u ? m >= f && m < u : m >= f || m < u;
}
