import { DEFAULT_FAIRNESS_SETTINGS, precision, reviewTerm } from '@counterpoint/core';
import { fairnessFigures, type Db } from '@counterpoint/db';
import { cached } from './cache.js';

/** The window the lexicon editor judges terms over (the fairness page lets people choose). */
export const TERM_REVIEW_DAYS = 90;

export interface TermReviewFigures {
  decided: number;
  relevant: number;
  precision: number | null;
  low: number;
  high: number;
  flagged: boolean;
  reason: string;
}

// Ninety days of decisions move slowly, and the grouped count costs seconds at 100,000 signals
// (docs/fairness.md): the editor reuses one count for ten minutes rather than paying it per view.
const REVIEW_CACHE_MS = 10 * 60_000;

/**
 * Precision of every term with decisions over the last 90 days, by term key, under the default
 * review rule (below 50 % with at least 10 decisions): the lexicon editor's "review" markers.
 */
export function termReviews(db: Db): Promise<Record<string, TermReviewFigures>> {
  return cached('term-reviews', REVIEW_CACHE_MS, () => countTermReviews(db));
}

async function countTermReviews(db: Db): Promise<Record<string, TermReviewFigures>> {
  const f = await fairnessFigures(db, { days: TERM_REVIEW_DAYS, weeks: 1, dimensions: ['term'] });
  const out: Record<string, TermReviewFigures> = {};
  for (const c of f.byPeriod.current) {
    if (c.decided === 0) continue;
    const p = precision(c);
    const r = reviewTerm(c, DEFAULT_FAIRNESS_SETTINGS);
    out[c.key] = {
      decided: c.decided,
      relevant: c.decided - c.falsePositives,
      precision: p.value,
      low: p.low,
      high: p.high,
      flagged: r.flagged,
      reason: r.reason,
    };
  }
  return out;
}
