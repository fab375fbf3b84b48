/**
 * Calendar days as the partnership counts them: Europe/London, as ISO `YYYY-MM-DD` strings. The
 * London arithmetic itself lives in time/london.ts; this keeps the names trends code imports.
 */
import { addDays } from '../time/london.js';

export { addDays, londonDay, londonMinuteOfDay } from '../time/london.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// Looser than isCalendarDay in time/london.ts: Date.parse takes 30 February (as 2 March). Kept as
// it was so trends inputs are read exactly as before.
export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Every day from `from` to `to` inclusive, oldest first (empty when `from` is after `to`). */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
