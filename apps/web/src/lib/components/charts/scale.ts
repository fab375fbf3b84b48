/**
 * Geometry for the server-rendered SVG charts. Kept apart from the Svelte components so the
 * arithmetic (nice axis maxima, stacking, which dates get a label) is unit-tested without a DOM.
 */

export interface ChartSeries {
  /** Stable key (a category or district code); also keys the colour. */
  key: string;
  /** What the legend and the data table call it. */
  label: string;
  /** One value per day, aligned with the chart's `days`. Missing days are 0. */
  values: readonly number[];
}

/**
 * Eight colours that stay apart for the common colour-vision deficiencies (after Okabe & Ito,
 * darkened for contrast on white), in an order where neighbours differ most.
 */
export const PALETTE = [
  '#1f6b62',
  '#c2571a',
  '#3a6fb0',
  '#a8407a',
  '#7a6a00',
  '#5b4a9e',
  '#2f8a4a',
  '#8a3b2b',
] as const;

export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Line dashes, so series stay distinguishable without colour (printouts, greyscale). */
const DASHES = ['', '6 3', '2 3', '8 3 2 3'] as const;
export function seriesDash(index: number): string {
  return DASHES[index % DASHES.length]!;
}

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (at least 1), so ticks read cleanly. */
export function niceMax(value: number): number {
  if (!Number.isFinite(value) || value <= 1) return 1;
  const exponent = Math.floor(Math.log10(value));
  const base = 10 ** exponent;
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * base >= value) return step * base;
  }
  return 10 * base;
}

/**
 * Evenly spaced ticks from 0 to `max` (inclusive) for a `max` from `niceMax`: four or five steps
 * when they come out whole, since counts have no halves.
 */
export function yTicks(max: number): number[] {
  const step =
    [max / 4, max / 5, max / 2, max].find((s) => s >= 1 && Number.isInteger(s)) ?? Math.max(1, max);
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return ticks;
}

/** Indexes of the days that get an x-axis label: the first, the last, and evenly between. */
export function xLabelIndexes(dayCount: number, wanted = 6): number[] {
  if (dayCount <= 0) return [];
  if (dayCount <= wanted) return Array.from({ length: dayCount }, (_, i) => i);
  const step = Math.ceil((dayCount - 1) / (wanted - 1));
  const indexes: number[] = [];
  for (let i = 0; i < dayCount - 1; i += step) indexes.push(i);
  // Drop a label that would crowd the final one.
  if (dayCount - 1 - indexes[indexes.length - 1]! < step / 2) indexes.pop();
  indexes.push(dayCount - 1);
  return indexes;
}

/** Running totals per day, series by series: `[series][day] = [bottom, top]`. */
export function stack(series: readonly ChartSeries[], dayCount: number): Array<Array<[number, number]>> {
  const base = new Array<number>(dayCount).fill(0);
  return series.map((s) =>
    base.map((bottom, day) => {
      const top = bottom + Math.max(0, s.values[day] ?? 0);
      base[day] = top;
      return [bottom, top] as [number, number];
    }),
  );
}

/** The tallest value drawn: the largest day total when stacked, the largest point otherwise. */
export function dataMax(series: readonly ChartSeries[], dayCount: number, stacked: boolean): number {
  let max = 0;
  if (stacked) {
    for (let day = 0; day < dayCount; day += 1) {
      let total = 0;
      for (const s of series) total += Math.max(0, s.values[day] ?? 0);
      max = Math.max(max, total);
    }
  } else {
    // NaN marks "no value" (a rate with nothing to divide by): a gap, not a point.
    for (const s of series)
      for (const v of s.values.slice(0, dayCount)) if (Number.isFinite(v)) max = Math.max(max, v);
  }
  return max;
}

const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "3 Nov" from "2026-11-03". Days are calendar days, so format them in UTC to avoid a shift. */
export function formatDayShort(day: string): string {
  return shortDay.format(new Date(`${day}T00:00:00Z`));
}

/** "Tue, 3 Nov 2026" from "2026-11-03". */
export function formatDayLong(day: string): string {
  return longDay.format(new Date(`${day}T00:00:00Z`));
}

/** SVG path through the points of one line series; a point with a non-finite y breaks the line. */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  const parts: string[] = [];
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${round(x)} ${round(y)}`);
    pen = true;
  }
  return parts.join(' ');
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Fill for a heat cell: white to the accent colour, by the share of the grid's maximum. */
export function heatFill(value: number, max: number): string {
  if (value <= 0 || max <= 0) return '#f6f7f5';
  // Square root so a few large cells don't wash every other cell out.
  const t = Math.sqrt(Math.min(1, value / max));
  const from = [227, 239, 236];
  const to = [23, 82, 75];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${c[0]} ${c[1]} ${c[2]})`;
}

/** Whether text on a heat cell needs to be light to stay readable. */
export function heatTextIsLight(value: number, max: number): boolean {
  return max > 0 && Math.sqrt(Math.min(1, value / max)) > 0.5;
}
