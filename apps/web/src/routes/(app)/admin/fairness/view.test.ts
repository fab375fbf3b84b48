import { DEFAULT_FAIRNESS_SETTINGS } from '@counterpoint/core';
import type { FairnessFigures } from '@counterpoint/db';
import { describe, expect, it } from 'vitest';
import { labelFor, rateRows, termRows, trendOf } from './view.js';

const c = (
  dimension: string,
  key: string,
  signals: number,
  decided: number,
  falsePositives: number,
  label: string | null = null,
) =>
  ({
    dimension,
    key,
    label,
    signals,
    decided,
    falsePositives,
  }) as FairnessFigures['byPeriod']['current'][number];

const figures: FairnessFigures = {
  current: { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-29T00:00:00Z') },
  previous: { from: new Date('2026-10-04T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') },
  weeks: ['2026-11-09', '2026-11-16', '2026-11-23'],
  byPeriod: {
    current: [
      c('all', '', 400, 300, 90),
      c('source', 'a', 200, 150, 90, 'Feed A'),
      c('source', 'b', 200, 150, 0, 'Feed B'),
      c('language', 'cy', 6, 4, 4),
      c('term', 'k1', 20, 12, 9, 'rumour mill'),
      c('term', 'k2', 9, 9, 9, 'tiny'),
    ],
    previous: [c('all', '', 100, 100, 50), c('source', 'a', 50, 50, 40, 'Feed A')],
  },
  weekly: [
    { ...c('all', '', 10, 4, 1), week: '2026-11-09' },
    { ...c('all', '', 5, 0, 0), week: '2026-11-23' },
    { ...c('source', 'a', 10, 4, 1, 'Feed A'), week: '2026-11-09' },
  ],
};

describe('fairness view', () => {
  it('rates each group with its interval, against the overall rate and the period before', () => {
    const rows = rateRows(figures, 'source', DEFAULT_FAIRNESS_SETTINGS);
    expect(rows.map((r) => [r.label, r.rate, r.comparison])).toEqual([
      ['Feed A', 0.6, 'higher'],
      ['Feed B', 0, 'lower'],
    ]);
    expect(rows[0]!.previousRate).toBe(0.8);
    // 4 of 4 dismissed in Welsh: all of them, but too few to call higher.
    expect(rateRows(figures, 'language', DEFAULT_FAIRNESS_SETTINGS)[0]).toMatchObject({
      label: 'Welsh (cy)',
      rate: 1,
      comparison: 'too_few',
    });
  });

  it('lists flagged terms first and never flags one under the minimum', () => {
    const terms = termRows(figures, DEFAULT_FAIRNESS_SETTINGS);
    expect(terms.map((t) => [t.phrase, t.flagged])).toEqual([
      ['rumour mill', true],
      ['tiny', false],
    ]);
    expect(terms[0]!.precision).toBe(0.25);
  });

  it('leaves a gap in the weekly rate where a week has no decisions', () => {
    const t = trendOf(figures, 'source');
    expect(t.decisions.find((s) => s.key === 'fp')!.values).toEqual([1, 0, 0]);
    expect(t.decisions.find((s) => s.key === 'open')!.values).toEqual([6, 0, 5]);
    const all = t.rates.find((s) => s.key === 'all')!.values;
    expect(all[0]).toBe(25);
    expect(Number.isNaN(all[1])).toBe(true);
    expect(Number.isNaN(all[2])).toBe(true);
    expect(t.rates.map((s) => s.label)).toEqual(['All signals', 'Feed A']);
  });

  it('names keys for people', () => {
    expect(labelFor('district', { key: '', label: null })).toBe('No district named');
    expect(labelFor('category', { key: 'extreme_right', label: null })).toBe('Extreme right');
    expect(labelFor('language', { key: 'zz-weird', label: null })).toBe('zz-weird');
  });
});
