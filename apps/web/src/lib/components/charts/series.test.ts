import { describe, expect, it } from 'vitest';
import { toGrid, toSeries } from './series.js';

const days = ['2026-11-01', '2026-11-02', '2026-11-03'];

describe('chart series from daily rows', () => {
  it('fills missing days with zero and orders series by total', () => {
    const s = toSeries(
      [
        { day: '2026-11-01', key: 'a', value: 1 },
        { day: '2026-11-03', key: 'b', value: 9 },
        { day: '2026-10-01', key: 'a', value: 100 },
      ],
      days,
      (k) => `Label ${k}`,
    );
    expect(s).toEqual([
      { key: 'b', label: 'Label b', values: [0, 0, 9] },
      { key: 'a', label: 'Label a', values: [1, 0, 0] },
    ]);
  });

  it('folds the smallest keys into Other', () => {
    const rows = ['a', 'b', 'c', 'd'].map((key, i) => ({ day: '2026-11-02', key, value: 10 - i }));
    const s = toSeries(rows, days, (k) => String(k), 3);
    expect(s.map((x) => x.label)).toEqual(['a', 'b', 'Other (2)']);
    expect(s[2]!.values).toEqual([0, 15, 0]);
  });

  it('builds a heat grid with a row for null keys', () => {
    const g = toGrid(
      [
        { day: '2026-11-02', key: null, value: 4 },
        { day: '2026-11-03', key: 'x', value: 2 },
      ],
      ['x', null],
      days,
    );
    expect(g).toEqual([
      [0, 0, 2],
      [0, 4, 0],
    ]);
  });
});
