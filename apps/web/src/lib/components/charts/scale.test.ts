import { describe, expect, it } from 'vitest';
import { dataMax, heatFill, linePath, niceMax, stack, xLabelIndexes, yTicks } from './scale.js';

describe('chart scale', () => {
  it('rounds the axis maximum up to a readable number', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(23)).toBe(25);
    expect(niceMax(260)).toBe(500);
    expect(niceMax(1000)).toBe(1000);
  });

  it('gives whole-number ticks from zero to the maximum', () => {
    expect(yTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(yTicks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(yTicks(25)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(yTicks(2)).toEqual([0, 1, 2]);
    expect(yTicks(1)).toEqual([0, 1]);
  });

  it('labels the first and last day and spaces the rest', () => {
    expect(xLabelIndexes(0)).toEqual([]);
    expect(xLabelIndexes(3)).toEqual([0, 1, 2]);
    const labels = xLabelIndexes(28);
    expect(labels[0]).toBe(0);
    expect(labels[labels.length - 1]).toBe(27);
    expect(labels.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < labels.length; i += 1) expect(labels[i]!).toBeGreaterThan(labels[i - 1]!);
  });

  it('stacks series day by day and finds the tallest total', () => {
    const series = [
      { key: 'a', label: 'A', values: [1, 2, 0] },
      { key: 'b', label: 'B', values: [3, 0, 4] },
    ];
    expect(stack(series, 3)).toEqual([
      [
        [0, 1],
        [0, 2],
        [0, 0],
      ],
      [
        [1, 4],
        [2, 2],
        [0, 4],
      ],
    ]);
    expect(dataMax(series, 3, true)).toBe(4);
    expect(dataMax(series, 3, false)).toBe(4);
    expect(
      dataMax(
        [
          { key: 'a', label: 'A', values: [2, 2] },
          { key: 'b', label: 'B', values: [3, 1] },
        ],
        2,
        true,
      ),
    ).toBe(5);
  });

  it('shades empty heat cells apart from small ones', () => {
    expect(heatFill(0, 10)).not.toBe(heatFill(1, 10));
    expect(heatFill(10, 10)).toBe('rgb(23 82 75)');
  });
});

describe('gaps', () => {
  it('breaks a line at a point with no value and leaves it out of the maximum', () => {
    expect(
      linePath([
        [0, 10],
        [1, NaN],
        [2, 20],
        [3, 30],
      ]),
    ).toBe('M0 10 M2 20 L3 30');
    expect(dataMax([{ key: 'a', label: 'A', values: [NaN, 3, NaN] }], 3, false)).toBe(3);
  });
});
