import { DEFAULT_FAIRNESS_SETTINGS, type FairnessSettings } from '@counterpoint/core';
import { fairnessFigures } from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { overallOf, rateRows, spreadOf, termRows, trendOf, type GroupDimension } from './view.js';
import type { PageServerLoad } from './$types';

/** The choices the page offers; anything else in the address is refused with a 400. */
const PERIODS = [7, 28, 91, 182] as const;
const THRESHOLDS = [30, 40, 50, 60, 70, 80] as const;
const MINIMUMS = [5, 10, 20, 50] as const;
const TREND_BY: readonly GroupDimension[] = ['source', 'language', 'district', 'category'];

function choice<T extends number | string>(
  url: URL,
  name: string,
  allowed: readonly T[],
  fallback: T,
  what: string,
): T {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const found = allowed.find((a) => String(a) === raw);
  if (found === undefined) error(400, `${what} must be one of ${allowed.join(', ')}.`);
  return found;
}

export const load: PageServerLoad = async ({ url, setHeaders }) => {
  const days = choice(url, 'days', PERIODS, 28, 'The period in days');
  const threshold = choice(url, 'threshold', THRESHOLDS, 50, 'The precision threshold (per cent)');
  const min = choice(url, 'min', MINIMUMS, 10, 'The minimum number of decisions');
  const by = choice(url, 'by', TREND_BY, 'source', 'The trend grouping');
  const settings: FairnessSettings = {
    ...DEFAULT_FAIRNESS_SETTINGS,
    precisionThreshold: threshold / 100,
    minDecisions: min,
  };
  const db = await database();
  const started = performance.now();
  const figures = await fairnessFigures(db, { days, weeks: Math.max(12, Math.ceil(days / 7)) });
  setHeaders({ 'server-timing': `fairness;dur=${(performance.now() - started).toFixed(1)}` });
  const terms = termRows(figures, settings);
  return {
    title: 'Fairness and quality',
    choices: { periods: PERIODS, thresholds: THRESHOLDS, minimums: MINIMUMS, trendBy: TREND_BY },
    chosen: { days, threshold, min, by },
    current: figures.current,
    previous: figures.previous,
    overall: overallOf(figures),
    previousOverall: overallOf(figures, 'previous'),
    groups: {
      source: rateRows(figures, 'source', settings),
      language: rateRows(figures, 'language', settings),
      district: rateRows(figures, 'district', settings),
      category: rateRows(figures, 'category', settings),
    },
    flagged: terms.filter((t) => t.flagged),
    terms: terms.slice(0, 60),
    termCount: terms.length,
    trend: trendOf(figures, by),
    spread: {
      district: spreadOf(figures, 'district', settings.z),
      category: spreadOf(figures, 'category', settings.z),
    },
  };
};
