import { describe, expect, it } from 'vitest';
import { addDays, dayRange } from './days.js';
import { findSpikes, scoreDay, type DailyCount } from './spikes.js';

const TODAY = '2026-11-20';
const history = dayRange(addDays(TODAY, -40), TODAY);

/** A seeded pseudo-random generator, so the "noisy" series is the same on every run. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

function series(
  category: string,
  districtId: string | null,
  value: (day: string, i: number) => number,
): DailyCount[] {
  return history.map((day, i) => ({ day, category, districtId, count: value(day, i) }));
}

describe('spike detection', () => {
  it('finds a planted spike in a noisy series and reports its baseline', () => {
    const rand = lcg(7);
    const counts = series('anti_muslim', 'dst_a', (day) =>
      day === TODAY ? 31 : 8 + Math.round(rand() * 6 - 3),
    );
    const spikes = findSpikes({ counts, days: [TODAY], observedFrom: history[0]! });
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({ day: TODAY, category: 'anti_muslim', districtId: 'dst_a', count: 31 });
    expect(spikes[0]!.baseline).toBeGreaterThan(6);
    expect(spikes[0]!.baseline).toBeLessThan(10);
    expect(spikes[0]!.z).toBeGreaterThan(3);
  });

  it('finds the spike only in the series that has it', () => {
    const rand = lcg(11);
    const counts = [
      ...series('far_right', 'dst_a', () => 5 + Math.round(rand() * 2)),
      ...series('far_right', 'dst_b', (day) => (day === TODAY ? 40 : 5 + Math.round(rand() * 2))),
    ];
    const spikes = findSpikes({ counts, days: [addDays(TODAY, -1), TODAY], observedFrom: history[0]! });
    expect(spikes.map((s) => s.districtId)).toEqual(['dst_b']);
  });

  it('keeps a flat series quiet, even a busy one', () => {
    const counts = series('far_right', null, () => 50);
    expect(findSpikes({ counts, days: [TODAY], observedFrom: history[0]! })).toEqual([]);
    // Ordinary Poisson-sized wobble on a flat series is not a spike either.
    const wobble = series('far_right', null, (day) => (day === TODAY ? 62 : 50));
    expect(findSpikes({ counts: wobble, days: [TODAY], observedFrom: history[0]! })).toEqual([]);
  });

  it('does not alarm on sparse or zero series', () => {
    const zeros = series('islamist', 'dst_a', () => 0);
    expect(findSpikes({ counts: zeros, days: [TODAY], observedFrom: history[0]! })).toEqual([]);
    // Mostly nothing, then a handful: unusual, but below the minimum count.
    const sparse = series('islamist', 'dst_a', (day, i) => (day === TODAY ? 4 : i % 9 === 0 ? 1 : 0));
    expect(findSpikes({ counts: sparse, days: [TODAY], observedFrom: history[0]! })).toEqual([]);
    // The sd floor: one item a day with no spread is not made "infinitely" unusual by two more.
    expect(scoreDay(3, new Array(28).fill(1)).z).toBeLessThan(3);
  });

  it('does not alarm before enough history has been observed', () => {
    const counts = series('far_right', 'dst_a', (day) => (day === TODAY ? 30 : 0));
    // Collection started five days ago: the zeros before that are not real zeros.
    expect(findSpikes({ counts, days: [TODAY], observedFrom: addDays(TODAY, -5) })).toEqual([]);
    expect(findSpikes({ counts, days: [TODAY], observedFrom: null })).toEqual([]);
    // With a month of observed (quiet) history, 30 out of nothing is a spike.
    expect(findSpikes({ counts, days: [TODAY], observedFrom: history[0]! })).toHaveLength(1);
  });

  it('treats missing days as zero and leaves the tested day out of its own baseline', () => {
    const counts: DailyCount[] = [{ day: TODAY, category: 'c', districtId: null, count: 12 }];
    const [spike] = findSpikes({ counts, days: [TODAY], observedFrom: history[0]! });
    expect(spike).toMatchObject({ baseline: 0, count: 12 });
    const score = scoreDay(10, [10, 10, 10]);
    expect(score.baseline).toBe(10);
    expect(score.z).toBe(0);
  });

  it('honours the options', () => {
    const counts = series('c', null, (day) => (day === TODAY ? 9 : 2));
    expect(
      findSpikes({ counts, days: [TODAY], observedFrom: history[0]!, options: { minCount: 10 } }),
    ).toEqual([]);
    expect(findSpikes({ counts, days: [TODAY], observedFrom: history[0]! })).toHaveLength(1);
  });
});

describe('alert wording', () => {
  it('says what, where, how many and against what', async () => {
    const { alertSummary, alertTitle } = await import('./describe.js');
    const a = {
      kind: 'spike',
      category: 'extreme_right',
      districtName: 'North Vale',
      day: '2026-11-20',
      count: 31,
      baseline: 8.24,
      z: 6.06,
    };
    expect(alertTitle(a)).toBe('Spike: extreme right in North Vale');
    expect(alertSummary(a)).toBe(
      '31 posts on Fri, 20 Nov 2026 against a usual 8.2 a day over the previous 28 days (z = 6.1).',
    );
    expect(alertTitle({ ...a, districtName: null })).toBe('Spike: extreme right (no district identified)');
  });
});
