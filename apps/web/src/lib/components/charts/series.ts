import type { ChartSeries } from './scale.js';

/**
 * Turns grouped daily rows (from trend_counts or any GROUP BY day, key query) into chart series:
 * one per key, one value per day with zeros filled in, largest series first, and the smallest
 * keys beyond `maxSeries` folded into "Other" so a legend stays readable.
 */
export interface DailyRow {
  day: string;
  key: string | null;
  value: number;
}

export function toSeries(
  rows: readonly DailyRow[],
  days: readonly string[],
  labelOf: (key: string | null) => string,
  maxSeries = 6,
): ChartSeries[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const byKey = new Map<string, { key: string | null; values: number[]; total: number }>();
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    const k = r.key ?? '';
    let s = byKey.get(k);
    if (!s) {
      s = { key: r.key, values: new Array<number>(days.length).fill(0), total: 0 };
      byKey.set(k, s);
    }
    s.values[i] = (s.values[i] ?? 0) + r.value;
    s.total += r.value;
  }
  const ranked = [...byKey.values()].sort(
    (a, b) => b.total - a.total || String(a.key).localeCompare(String(b.key)),
  );
  const kept = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const series: ChartSeries[] = kept.map((s) => ({
    key: s.key ?? '(none)',
    label: labelOf(s.key),
    values: s.values,
  }));
  if (ranked.length > maxSeries) {
    const other = new Array<number>(days.length).fill(0);
    for (const s of ranked.slice(maxSeries - 1)) s.values.forEach((v, i) => (other[i] = (other[i] ?? 0) + v));
    series.push({ key: '(other)', label: `Other (${ranked.length - maxSeries + 1})`, values: other });
  }
  return series;
}

/** A grid of values (rows × days) for HeatGrid, zeros filled in, rows in the order given. */
export function toGrid(
  rows: readonly DailyRow[],
  rowKeys: readonly (string | null)[],
  days: readonly string[],
): number[][] {
  const rowIndex = new Map(rowKeys.map((k, i) => [k ?? '', i]));
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const grid = rowKeys.map(() => new Array<number>(days.length).fill(0));
  for (const r of rows) {
    const ri = rowIndex.get(r.key ?? '');
    const di = dayIndex.get(r.day);
    if (ri === undefined || di === undefined) continue;
    grid[ri]![di] = (grid[ri]![di] ?? 0) + r.value;
  }
  return grid;
}
