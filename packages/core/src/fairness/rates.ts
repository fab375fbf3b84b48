/**
 * Rates from analysts' decisions, with the uncertainty that small counts carry. A rate is always
 * reported with its count and a Wilson score interval, never as a bare percentage: 2 dismissals out
 * of 3 is "67 % (n = 3, 21–94 %)", which reads as the guess it is. Flags need a minimum number of
 * decisions, so a handful of early dismissals never raises an alarm on its own.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959964;

export interface FairnessSettings {
  /** A term is flagged for review when its precision is below this (0..1). */
  readonly precisionThreshold: number;
  /** Fewest decisions before a term is flagged or a group is called higher or lower than overall. */
  readonly minDecisions: number;
  /** Interval width: z of the normal quantile (1.96 for 95 %). */
  readonly z: number;
}

export const DEFAULT_FAIRNESS_SETTINGS: FairnessSettings = {
  precisionThreshold: 0.5,
  minDecisions: 10,
  z: Z_95,
};

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for k successes in n trials. Unlike the plain p ± z·√(p(1−p)/n) it stays
 * inside 0..1 and does not collapse to a zero-width interval at 0 or n successes, which is exactly
 * where small counts mislead. n = 0 gives the whole range: nothing is known.
 */
export function wilsonInterval(k: number, n: number, z: number = Z_95): Interval {
  if (!Number.isFinite(n) || n <= 0) return { low: 0, high: 1 };
  const kk = Math.min(Math.max(0, k), n);
  const p = kk / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact ends at 0 and n, where floating point would otherwise leave a hair of width.
  return {
    low: kk === 0 ? 0 : Math.max(0, centre - half),
    high: kk === n ? 1 : Math.min(1, centre + half),
  };
}

export interface Rate extends Interval {
  /** Events counted (dismissals for a false-positive rate, relevant decisions for precision). */
  readonly k: number;
  /** Decisions the rate is over. */
  readonly n: number;
  /** k / n, or null when there are no decisions. */
  readonly value: number | null;
}

export function rateOf(k: number, n: number, z: number = Z_95): Rate {
  return { k, n, value: n > 0 ? k / n : null, ...wilsonInterval(k, n, z) };
}

/** The counts every grouping is built from: decided signals and how the decisions fell. */
export interface DecisionCounts {
  /** Signals raised in the period (decided or not). */
  readonly signals: number;
  /** Signals with a decision: a label majority, or a dismissal, escalation or narrative link. */
  readonly decided: number;
  /** Decided as not relevant: false positives. */
  readonly falsePositives: number;
}

/** Share of decided signals that were dismissed as not relevant. */
export function falsePositiveRate(c: DecisionCounts, z: number = Z_95): Rate {
  return rateOf(c.falsePositives, c.decided, z);
}

/** Share of decided signals that were relevant: true positives / decided. */
export function precision(c: DecisionCounts, z: number = Z_95): Rate {
  return rateOf(c.decided - c.falsePositives, c.decided, z);
}

/** How much of the queue has been decided: decided / raised. Low coverage makes every rate shakier. */
export function coverage(c: DecisionCounts): number | null {
  return c.signals > 0 ? c.decided / c.signals : null;
}

export type TermReview =
  { readonly flagged: true; readonly reason: string } | { readonly flagged: false; readonly reason: string };

/**
 * The review rule for a lexicon term: flagged when its precision is below the threshold over at
 * least `minDecisions` decided signals. Below that count the term is never flagged, however bad
 * the few decisions look; the interval is shown instead.
 */
export function reviewTerm(
  c: DecisionCounts,
  settings: FairnessSettings = DEFAULT_FAIRNESS_SETTINGS,
): TermReview {
  const p = precision(c, settings.z);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  if (c.decided < settings.minDecisions)
    return {
      flagged: false,
      reason: `Too few decisions to judge (${c.decided} of the ${settings.minDecisions} needed).`,
    };
  if (p.value !== null && p.value < settings.precisionThreshold)
    return {
      flagged: true,
      reason: `Precision ${pct(p.value)} over ${c.decided} decisions is below the ${pct(settings.precisionThreshold)} threshold.`,
    };
  return { flagged: false, reason: `Precision ${pct(p.value ?? 0)} over ${c.decided} decisions.` };
}

export type Comparison = 'higher' | 'lower' | 'similar' | 'too_few';

/**
 * A group's false-positive rate against the overall rate: 'higher' or 'lower' only when the
 * group's whole interval lies on one side of the overall rate and it has enough decisions;
 * otherwise 'similar' (the difference is within what chance gives) or 'too_few'.
 */
export function compareWithOverall(
  group: Rate,
  overall: Rate,
  settings: FairnessSettings = DEFAULT_FAIRNESS_SETTINGS,
): Comparison {
  if (group.n < settings.minDecisions || overall.value === null) return 'too_few';
  if (group.low > overall.value) return 'higher';
  if (group.high < overall.value) return 'lower';
  return 'similar';
}
