import { addDays, dayRange } from './days.js';

/**
 * Spike detection on daily counts. A day's count is compared with the mean and standard deviation
 * of the 28 days before it (the day itself is left out, so a spike cannot raise its own bar).
 *
 * Daily counts of rare things are mostly zero: their standard deviation is tiny and any single post
 * would be "ten sigma". Two guards keep such series quiet:
 *  - the deviation used is at least max(sdFloor, √mean): counts behave roughly like a Poisson process,
 *    whose spread is √mean, so a flat series of 10 a day does not alarm at 13;
 *  - a spike needs at least `minCount` on the day, however unusual a smaller number is.
 * A series also needs `minBaselineDays` of observed history, so the first days after collection
 * starts (every baseline zero) do not all alarm.
 */

export interface SpikeOptions {
  /** Trailing days in the baseline. */
  windowDays: number;
  /** z-score at or above which a day is a spike. */
  minZ: number;
  /** Fewest items on the day for a spike, whatever the z-score. */
  minCount: number;
  /** Smallest standard deviation used, so sparse series are not divided by almost zero. */
  sdFloor: number;
  /** Days of observed history the baseline must cover. */
  minBaselineDays: number;
}

export const DEFAULT_SPIKE_OPTIONS: SpikeOptions = {
  windowDays: 28,
  minZ: 3,
  minCount: 5,
  sdFloor: 1,
  minBaselineDays: 14,
};

export interface SpikeScore {
  count: number;
  /** Mean of the baseline window. */
  baseline: number;
  /** Standard deviation actually used (after the floors). */
  spread: number;
  z: number;
  isSpike: boolean;
}

/** Scores one day's count against its baseline counts (zeros included). */
export function scoreDay(
  count: number,
  baselineCounts: readonly number[],
  options: SpikeOptions = DEFAULT_SPIKE_OPTIONS,
): SpikeScore {
  const n = baselineCounts.length;
  if (n === 0) return { count, baseline: 0, spread: options.sdFloor, z: 0, isSpike: false };
  const mean = baselineCounts.reduce((a, b) => a + b, 0) / n;
  const variance = baselineCounts.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const spread = Math.max(Math.sqrt(variance), Math.sqrt(mean), options.sdFloor);
  const z = (count - mean) / spread;
  const isSpike = n >= options.minBaselineDays && count >= options.minCount && z >= options.minZ;
  return { count, baseline: mean, spread, z, isSpike };
}

/** One row of daily counts, as trend_counts holds them. */
export interface DailyCount {
  day: string;
  category: string;
  districtId: string | null;
  count: number;
}

export interface Spike {
  day: string;
  category: string;
  districtId: string | null;
  count: number;
  baseline: number;
  z: number;
}

export interface FindSpikesInput {
  /** Counts covering the target days and the `windowDays` before the earliest; missing = 0. */
  counts: readonly DailyCount[];
  /** Days to test (usually yesterday and today). */
  days: readonly string[];
  /**
   * The first day anything was counted: days before it are unobserved, not zero, and are left out
   * of baselines. Null when nothing has been counted yet.
   */
  observedFrom: string | null;
  options?: Partial<SpikeOptions>;
}

const keyOf = (category: string, districtId: string | null) => `${category}\u0000${districtId ?? ''}`;

/** Every (category, district, day) among `days` whose count is a spike. */
export function findSpikes(input: FindSpikesInput): Spike[] {
  const options = { ...DEFAULT_SPIKE_OPTIONS, ...input.options };
  if (input.observedFrom === null || input.days.length === 0) return [];
  const series = new Map<
    string,
    { category: string; districtId: string | null; byDay: Map<string, number> }
  >();
  for (const row of input.counts) {
    const key = keyOf(row.category, row.districtId);
    let s = series.get(key);
    if (!s) {
      s = { category: row.category, districtId: row.districtId, byDay: new Map() };
      series.set(key, s);
    }
    s.byDay.set(row.day, (s.byDay.get(row.day) ?? 0) + row.count);
  }
  const spikes: Spike[] = [];
  for (const day of [...input.days].sort()) {
    const from = addDays(day, -options.windowDays);
    const window = dayRange(from < input.observedFrom ? input.observedFrom : from, addDays(day, -1));
    for (const s of series.values()) {
      const count = s.byDay.get(day) ?? 0;
      // Cheap exit before building the baseline: most series on most days are nowhere near.
      if (count < options.minCount) continue;
      const score = scoreDay(
        count,
        window.map((d) => s.byDay.get(d) ?? 0),
        options,
      );
      if (score.isSpike) {
        spikes.push({
          day,
          category: s.category,
          districtId: s.districtId,
          count,
          baseline: Math.round(score.baseline * 100) / 100,
          z: Math.round(score.z * 100) / 100,
        });
      }
    }
  }
  return spikes.sort((a, b) => b.z - a.z);
}
