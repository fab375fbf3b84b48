import {
  compareSpread,
  compareWithOverall,
  coverage,
  falsePositiveRate,
  precision,
  reviewTerm,
  type Comparison,
  type FairnessSettings,
} from '@counterpoint/core';
import type { FairnessCount, FairnessDimension, FairnessFigures, FairnessWeekCount } from '@counterpoint/db';
// Relative, not $lib: the unit tests run without SvelteKit's aliases.
import { humanise } from '../../../../lib/format.js';

/**
 * Turns decision counts into what the fairness page shows: rates with n and intervals, the
 * comparison with the overall rate, term precision with the review rule, weekly trends and the
 * spread against the previous period. Pure, so the arithmetic the page shows is tested directly.
 */

export type GroupDimension = Exclude<FairnessDimension, 'all' | 'term'>;

export interface RateRow {
  key: string;
  label: string;
  signals: number;
  decided: number;
  falsePositives: number;
  coverage: number | null;
  rate: number | null;
  low: number;
  high: number;
  comparison: Comparison;
  previousRate: number | null;
  previousDecided: number;
}

const languageNames = new Intl.DisplayNames(['en-GB'], { type: 'language', fallback: 'none' });

/** What a grouping key is called on the page. */
export function labelFor(dimension: FairnessDimension, c: Pick<FairnessCount, 'key' | 'label'>): string {
  if (dimension === 'all') return 'All signals';
  if (c.key === '') {
    if (dimension === 'district') return 'No district named';
    if (dimension === 'language') return 'Language not detected';
    return 'No category';
  }
  if (dimension === 'language') {
    let name: string | undefined;
    try {
      name = languageNames.of(c.key);
    } catch {
      name = undefined;
    }
    return name && name !== c.key ? `${name} (${c.key})` : c.key;
  }
  if (dimension === 'category') return humanise(c.key);
  return c.label ?? c.key;
}

function only<T extends FairnessCount>(rows: readonly T[], dimension: FairnessDimension): T[] {
  return rows.filter((r) => r.dimension === dimension);
}

const EMPTY = { signals: 0, decided: 0, falsePositives: 0 };

export function overallOf(f: FairnessFigures, period: 'current' | 'previous' = 'current') {
  const c = only(f.byPeriod[period], 'all')[0] ?? EMPTY;
  return { ...c, rate: falsePositiveRate(c), coverage: coverage(c) };
}

/** One row per key of a grouping, most decisions first. */
export function rateRows(f: FairnessFigures, dimension: GroupDimension, s: FairnessSettings): RateRow[] {
  const overall = falsePositiveRate(overallOf(f));
  const previous = new Map(only(f.byPeriod.previous, dimension).map((r) => [r.key, r]));
  return only(f.byPeriod.current, dimension)
    .map((c): RateRow => {
      const r = falsePositiveRate(c, s.z);
      const p = previous.get(c.key);
      return {
        key: c.key,
        label: labelFor(dimension, c),
        signals: c.signals,
        decided: c.decided,
        falsePositives: c.falsePositives,
        coverage: coverage(c),
        rate: r.value,
        low: r.low,
        high: r.high,
        comparison: compareWithOverall(r, overall, s),
        previousRate: p && p.decided > 0 ? p.falsePositives / p.decided : null,
        previousDecided: p?.decided ?? 0,
      };
    })
    .sort((a, b) => b.decided - a.decided || b.signals - a.signals || a.label.localeCompare(b.label));
}

export interface TermRow {
  key: string;
  phrase: string;
  signals: number;
  decided: number;
  falsePositives: number;
  precision: number | null;
  low: number;
  high: number;
  flagged: boolean;
  reason: string;
}

/** Every term with at least one decision, lowest precision first; flagged ones carry the reason. */
export function termRows(f: FairnessFigures, s: FairnessSettings): TermRow[] {
  return only(f.byPeriod.current, 'term')
    .filter((c) => c.decided > 0)
    .map((c): TermRow => {
      const p = precision(c, s.z);
      const review = reviewTerm(c, s);
      return {
        key: c.key,
        phrase: c.label ?? c.key,
        signals: c.signals,
        decided: c.decided,
        falsePositives: c.falsePositives,
        precision: p.value,
        low: p.low,
        high: p.high,
        flagged: review.flagged,
        reason: review.reason,
      };
    })
    .sort(
      (a, b) =>
        Number(b.flagged) - Number(a.flagged) ||
        (a.precision ?? 1) - (b.precision ?? 1) ||
        b.decided - a.decided ||
        a.phrase.localeCompare(b.phrase),
    );
}

export interface Trend {
  weeks: string[];
  /** Decided relevant, dismissed as not relevant, and not yet decided, per week (stacked). */
  decisions: Array<{ key: string; label: string; values: number[] }>;
  /** False-positive rate in per cent per week; NaN where a week has no decisions. */
  rates: Array<{ key: string; label: string; values: number[] }>;
}

/** Weekly trend: decisions overall, and the false-positive rate overall and for the largest groups. */
export function trendOf(f: FairnessFigures, by: GroupDimension, topN = 4): Trend {
  const index = new Map(f.weeks.map((w, i) => [w, i]));
  const zeros = () => f.weeks.map(() => 0);
  const tp = zeros();
  const fp = zeros();
  const open = zeros();
  for (const r of only(f.weekly, 'all')) {
    const i = index.get(r.week);
    if (i === undefined) continue;
    tp[i] = r.decided - r.falsePositives;
    fp[i] = r.falsePositives;
    open[i] = r.signals - r.decided;
  }
  const rateSeries = (rows: readonly FairnessWeekCount[]) => {
    const decided = zeros();
    const dismissed = zeros();
    for (const r of rows) {
      const i = index.get(r.week);
      if (i === undefined) continue;
      decided[i] = r.decided;
      dismissed[i] = r.falsePositives;
    }
    return decided.map((d, i) => (d > 0 ? Math.round((1000 * dismissed[i]!) / d) / 10 : NaN));
  };
  const groups = new Map<string, { label: string; decided: number; rows: FairnessWeekCount[] }>();
  for (const r of only(f.weekly, by)) {
    const g = groups.get(r.key) ?? { label: labelFor(by, r), decided: 0, rows: [] };
    g.decided += r.decided;
    g.rows.push(r);
    groups.set(r.key, g);
  }
  const top = [...groups.entries()]
    .filter(([, g]) => g.decided > 0)
    .sort((a, b) => b[1].decided - a[1].decided || a[1].label.localeCompare(b[1].label))
    .slice(0, topN);
  return {
    weeks: f.weeks,
    decisions: [
      { key: 'tp', label: 'Decided relevant', values: tp },
      { key: 'fp', label: 'Dismissed as not relevant', values: fp },
      { key: 'open', label: 'Not yet decided', values: open },
    ],
    rates: [
      { key: 'all', label: 'All signals', values: rateSeries(only(f.weekly, 'all')) },
      ...top.map(([key, g]) => ({ key: `g:${key}`, label: g.label, values: rateSeries(g.rows) })),
    ],
  };
}

/** The spread of signals raised over a grouping, this period against the previous one. */
export function spreadOf(f: FairnessFigures, dimension: 'district' | 'category', z: number) {
  const counts = (rows: FairnessCount[]) => new Map(only(rows, dimension).map((r) => [r.key, r.signals]));
  const labels = new Map(
    [...only(f.byPeriod.previous, dimension), ...only(f.byPeriod.current, dimension)].map((r) => [
      r.key,
      labelFor(dimension, r),
    ]),
  );
  const s = compareSpread(counts(f.byPeriod.current), counts(f.byPeriod.previous), z);
  return { ...s, rows: s.rows.map((r) => ({ ...r, label: labels.get(r.key) ?? r.key })) };
}
