import { describe, expect, it } from 'vitest';
import { compareSpread } from './spread.js';

describe('compareSpread', () => {
  it('gives shares, changes in points and the dissimilarity index', () => {
    const s = compareSpread(
      new Map([
        ['north', 30],
        ['south', 10],
      ]),
      new Map([
        ['north', 10],
        ['south', 10],
        ['east', 20],
      ]),
    );
    expect(s.currentTotal).toBe(40);
    expect(s.previousTotal).toBe(40);
    const by = Object.fromEntries(s.rows.map((r) => [r.key, r]));
    expect(by.north).toMatchObject({ current: 30, previous: 10, currentShare: 0.75, previousShare: 0.25 });
    expect(by.north!.change).toBeCloseTo(0.5, 10);
    expect(by.east).toMatchObject({ current: 0, previous: 20, currentShare: 0, previousShare: 0.5 });
    // |+0.5| + |0| + |−0.5| = 1, halved.
    expect(s.dissimilarity).toBeCloseTo(0.5, 10);
    expect(s.rows.map((r) => r.key)).toEqual(['north', 'south', 'east']);
  });

  it('marks a change beyond chance only when the previous share is outside the interval', () => {
    const big = compareSpread(
      new Map([
        ['a', 600],
        ['b', 400],
      ]),
      new Map([
        ['a', 500],
        ['b', 500],
      ]),
    );
    expect(big.rows.find((r) => r.key === 'a')!.beyondChance).toBe(true);
    const small = compareSpread(
      new Map([
        ['a', 6],
        ['b', 4],
      ]),
      new Map([
        ['a', 5],
        ['b', 5],
      ]),
    );
    expect(small.rows.find((r) => r.key === 'a')!.beyondChance).toBe(false);
  });

  it('has no shares or index for an empty period', () => {
    const s = compareSpread(new Map([['a', 3]]), new Map());
    expect(s.dissimilarity).toBeNull();
    expect(s.rows[0]).toMatchObject({
      currentShare: 1,
      previousShare: null,
      change: null,
      beyondChance: false,
    });
  });
});
