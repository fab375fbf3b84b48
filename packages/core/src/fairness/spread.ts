import { wilsonInterval, Z_95, type Interval } from './rates.js';

/**
 * How signals spread across districts (or categories) this period against the previous one. We
 * report each key's share of the period's signals, the change in percentage points with both counts,
 * and one summary: the dissimilarity index, half the sum of absolute share changes — the share of
 * signals that would have to move between keys for this period's spread to match the last one's.
 *
 * A chi-square test was considered and left out: at the volumes a partnership collects it calls
 * almost every difference "significant", and a p-value says nothing about which district moved or
 * by how much. A share change is instead marked `beyondChance` when the previous share lies outside
 * this period's Wilson interval for that key — a reading aid, not a test.
 */

export interface SpreadRow {
  readonly key: string;
  readonly current: number;
  readonly previous: number;
  /** Share of the period's signals (0..1); null when the period has none. */
  readonly currentShare: number | null;
  readonly previousShare: number | null;
  /** currentShare − previousShare, in share units (0.05 = 5 points); null unless both exist. */
  readonly change: number | null;
  /** Interval for the current share. */
  readonly interval: Interval;
  readonly beyondChance: boolean;
}

export interface SpreadComparison {
  readonly currentTotal: number;
  readonly previousTotal: number;
  readonly rows: readonly SpreadRow[];
  /** ½ Σ |change|, 0..1; null unless both periods have signals. */
  readonly dissimilarity: number | null;
}

export function compareSpread(
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
  z: number = Z_95,
): SpreadComparison {
  const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const currentTotal = sum(current);
  const previousTotal = sum(previous);
  const keys = [...new Set([...current.keys(), ...previous.keys()])];
  const rows = keys.map((key): SpreadRow => {
    const c = current.get(key) ?? 0;
    const p = previous.get(key) ?? 0;
    const currentShare = currentTotal > 0 ? c / currentTotal : null;
    const previousShare = previousTotal > 0 ? p / previousTotal : null;
    const interval = wilsonInterval(c, currentTotal, z);
    return {
      key,
      current: c,
      previous: p,
      currentShare,
      previousShare,
      change: currentShare !== null && previousShare !== null ? currentShare - previousShare : null,
      interval,
      beyondChance:
        currentShare !== null &&
        previousShare !== null &&
        (previousShare < interval.low || previousShare > interval.high),
    };
  });
  rows.sort((a, b) => b.current - a.current || b.previous - a.previous || a.key.localeCompare(b.key));
  const dissimilarity =
    currentTotal > 0 && previousTotal > 0
      ? rows.reduce((acc, r) => acc + Math.abs(r.change ?? 0), 0) / 2
      : null;
  return { currentTotal, previousTotal, rows, dissimilarity };
}
