import { describe, expect, it } from 'vitest';
import {
  compareWithOverall,
  coverage,
  DEFAULT_FAIRNESS_SETTINGS,
  falsePositiveRate,
  precision,
  rateOf,
  reviewTerm,
  wilsonInterval,
} from './rates.js';

describe('wilsonInterval', () => {
  it('matches the published interval for 2 of 3 (20.8 %–93.9 %)', () => {
    const i = wilsonInterval(2, 3);
    expect(i.low).toBeCloseTo(0.2077, 3);
    expect(i.high).toBeCloseTo(0.9385, 3);
  });

  it('at 0 of 10 is [0, z²/(n+z²)] rather than a zero-width interval', () => {
    const i = wilsonInterval(0, 10);
    expect(i.low).toBe(0);
    expect(i.high).toBeCloseTo(3.8415 / 13.8415, 4);
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(1 - 3.8415 / 13.8415, 4);
  });

  it('narrows as the count grows at the same proportion', () => {
    const small = wilsonInterval(5, 10);
    const large = wilsonInterval(500, 1000);
    expect(small.high - small.low).toBeGreaterThan(0.5);
    expect(large.high - large.low).toBeLessThan(0.07);
    expect(large.low).toBeLessThan(0.5);
    expect(large.high).toBeGreaterThan(0.5);
  });

  it('knows nothing from no decisions, and clamps impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(7, 5).high).toBe(1);
  });
});

describe('rates from decision counts', () => {
  const c = { signals: 20, decided: 8, falsePositives: 6 };

  it('false-positive rate is dismissed-as-not-relevant over decided', () => {
    const r = falsePositiveRate(c);
    expect(r).toMatchObject({ k: 6, n: 8, value: 0.75 });
    expect(r.low).toBeLessThan(0.75);
    expect(r.high).toBeGreaterThan(0.75);
  });

  it('precision is true positives over decided, the complement of the false-positive rate', () => {
    const p = precision(c);
    expect(p).toMatchObject({ k: 2, n: 8, value: 0.25 });
    const fp = falsePositiveRate(c);
    expect(p.low).toBeCloseTo(1 - fp.high, 10);
  });

  it('has no value without decisions and coverage is decided over raised', () => {
    expect(rateOf(0, 0).value).toBeNull();
    expect(coverage(c)).toBe(0.4);
    expect(coverage({ signals: 0, decided: 0, falsePositives: 0 })).toBeNull();
  });
});

describe('reviewTerm', () => {
  it('flags precision below the threshold with enough decisions', () => {
    const r = reviewTerm({ signals: 30, decided: 12, falsePositives: 8 });
    expect(r.flagged).toBe(true);
    expect(r.reason).toContain('33 %');
  });

  it('never flags below the minimum number of decisions, however bad they look', () => {
    expect(reviewTerm({ signals: 9, decided: 9, falsePositives: 9 }).flagged).toBe(false);
    expect(reviewTerm({ signals: 9, decided: 9, falsePositives: 9 }).reason).toContain('Too few');
  });

  it('does not flag at exactly the threshold, and the threshold and minimum are settings', () => {
    expect(reviewTerm({ signals: 10, decided: 10, falsePositives: 5 }).flagged).toBe(false);
    const strict = { ...DEFAULT_FAIRNESS_SETTINGS, precisionThreshold: 0.8, minDecisions: 4 };
    expect(reviewTerm({ signals: 5, decided: 5, falsePositives: 2 }, strict).flagged).toBe(true);
  });
});

describe('compareWithOverall', () => {
  const overall = rateOf(300, 1000);

  it('calls a group higher only when its whole interval is above the overall rate', () => {
    expect(compareWithOverall(rateOf(60, 100), overall)).toBe('higher');
    expect(compareWithOverall(rateOf(5, 100), overall)).toBe('lower');
    expect(compareWithOverall(rateOf(35, 100), overall)).toBe('similar');
  });

  it('says too few rather than higher for a small alarming-looking group', () => {
    expect(compareWithOverall(rateOf(5, 5), overall)).toBe('too_few');
  });
});
