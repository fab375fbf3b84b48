/**
 * A narrative's status, derived from when it was seen and how much it was seen, never set by hand:
 * an analyst groups signals, the volume says whether the story is growing or fading.
 *
 * The rule (in order; the first that holds wins):
 *  - dormant:   nothing seen in the last 28 days (or, with nothing linked yet, created over 28 days ago);
 *  - emerging:  first seen within the last 14 days (or, with nothing linked yet, created within them);
 *  - declining: the last 7 days hold well under half the weekly rate of the 21 days before them,
 *               and those 21 days held enough to call it a rate (at least 3 posts);
 *  - active:    otherwise.
 */

export const NARRATIVE_STATUS_VALUES = ['emerging', 'active', 'declining', 'dormant'] as const;
export type NarrativeStatus = (typeof NARRATIVE_STATUS_VALUES)[number];

const DAY_MS = 86_400_000;
export const DORMANT_AFTER_DAYS = 28;
export const EMERGING_WITHIN_DAYS = 14;
/** The last 7 days are "well below" when under this share of the previous 21 days' weekly rate. */
export const DECLINE_RATIO = 0.5;
/** Fewer posts than this in the previous 21 days is too little to call a fall a decline. */
export const DECLINE_MIN_PREVIOUS = 3;

export interface NarrativeActivity {
  createdAt: Date;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  /** Posts in the 7 days up to now. */
  last7: number;
  /** Posts in the 21 days before those 7. */
  previous21: number;
}

export function deriveNarrativeStatus(a: NarrativeActivity, now: Date): NarrativeStatus {
  const ageOf = (d: Date) => (now.getTime() - d.getTime()) / DAY_MS;
  const last = a.lastSeenAt ?? a.createdAt;
  const first = a.firstSeenAt ?? a.createdAt;
  if (ageOf(last) > DORMANT_AFTER_DAYS) return 'dormant';
  if (ageOf(first) <= EMERGING_WITHIN_DAYS) return 'emerging';
  const weeklyRate = a.previous21 / 3;
  if (a.previous21 >= DECLINE_MIN_PREVIOUS && a.last7 < DECLINE_RATIO * weeklyRate) return 'declining';
  return 'active';
}

export interface DayCount {
  /** ISO calendar day, YYYY-MM-DD (UTC). */
  day: string;
  count: number;
}

/** Sums a daily series into the two windows the rule compares: the last 7 days and the 21 before. */
export function activityWindows(
  series: readonly DayCount[],
  now: Date,
): { last7: number; previous21: number } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let last7 = 0;
  let previous21 = 0;
  for (const { day, count } of series) {
    const t = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(t)) continue;
    const daysAgo = Math.round((today - t) / DAY_MS);
    if (daysAgo < 0) continue;
    if (daysAgo < 7) last7 += count;
    else if (daysAgo < 28) previous21 += count;
  }
  return { last7, previous21 };
}

/** The last `days` calendar days up to `now` (oldest first), zero-filled from a sparse series. */
export function fillDays(series: readonly DayCount[], now: Date, days: number): DayCount[] {
  const byDay = new Map<string, number>();
  for (const s of series) byDay.set(s.day, (byDay.get(s.day) ?? 0) + s.count);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const out: DayCount[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  return out;
}
