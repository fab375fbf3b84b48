import { describe, expect, it } from 'vitest';
import { growthRatio, isGrowingCluster } from './growth.js';
import { activityWindows, deriveNarrativeStatus, fillDays, type NarrativeActivity } from './status.js';
import { cosine, inverseDocumentFrequency, rankBySimilarity, tfidfTerms, tfidfVector } from './tfidf.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

function activity(over: Partial<NarrativeActivity>): NarrativeActivity {
  return {
    createdAt: daysAgo(60),
    firstSeenAt: daysAgo(60),
    lastSeenAt: daysAgo(1),
    last7: 5,
    previous21: 15,
    ...over,
  };
}

describe('narrative status', () => {
  it('is dormant when nothing was seen for more than 28 days', () => {
    expect(deriveNarrativeStatus(activity({ lastSeenAt: daysAgo(29), last7: 0, previous21: 0 }), NOW)).toBe(
      'dormant',
    );
    expect(
      deriveNarrativeStatus(activity({ lastSeenAt: daysAgo(27), last7: 0, previous21: 1 }), NOW),
    ).not.toBe('dormant');
  });

  it('is emerging when first seen within 14 days, even when busy', () => {
    expect(deriveNarrativeStatus(activity({ firstSeenAt: daysAgo(13), last7: 40, previous21: 2 }), NOW)).toBe(
      'emerging',
    );
    expect(deriveNarrativeStatus(activity({ firstSeenAt: daysAgo(15) }), NOW)).toBe('active');
  });

  it('is declining when the last week falls well under the previous weekly rate', () => {
    // 21 in the previous three weeks is 7 a week; 3 is under half of that.
    expect(deriveNarrativeStatus(activity({ last7: 3, previous21: 21 }), NOW)).toBe('declining');
    // 4 is not under 3.5.
    expect(deriveNarrativeStatus(activity({ last7: 4, previous21: 21 }), NOW)).toBe('active');
  });

  it('calls too little previous volume a lull, not a decline', () => {
    expect(deriveNarrativeStatus(activity({ last7: 0, previous21: 2, lastSeenAt: daysAgo(10) }), NOW)).toBe(
      'active',
    );
  });

  it('dates a narrative with nothing linked from its creation', () => {
    const empty = { firstSeenAt: null, lastSeenAt: null, last7: 0, previous21: 0 };
    expect(deriveNarrativeStatus(activity({ ...empty, createdAt: daysAgo(2) }), NOW)).toBe('emerging');
    expect(deriveNarrativeStatus(activity({ ...empty, createdAt: daysAgo(40) }), NOW)).toBe('dormant');
  });

  it('sums a daily series into the last 7 days and the 21 before', () => {
    const day = (n: number) => daysAgo(n).toISOString().slice(0, 10);
    const w = activityWindows(
      [
        { day: day(0), count: 2 },
        { day: day(6), count: 1 },
        { day: day(7), count: 4 },
        { day: day(27), count: 3 },
        { day: day(28), count: 100 },
        { day: day(-1), count: 100 },
      ],
      NOW,
    );
    expect(w).toEqual({ last7: 3, previous21: 7 });
  });

  it('fills missing days with zero, oldest first', () => {
    const filled = fillDays([{ day: '2026-11-28', count: 4 }], NOW, 3);
    expect(filled).toEqual([
      { day: '2026-11-27', count: 0 },
      { day: '2026-11-28', count: 4 },
      { day: '2026-11-29', count: 0 },
    ]);
  });
});

describe('TF-IDF similarity', () => {
  it('drops stop words, short words and numbers, and stems', () => {
    expect(tfidfTerms('They are filling the hotels in 2026, see https://x.example/a')).toEqual([
      'fill',
      'hotel',
      'see',
    ]);
  });

  it('weighs rare terms above common ones', () => {
    const docs = [
      ['hotel', 'harlowbi'],
      ['hotel', 'meet'],
      ['hotel', 'flag'],
    ];
    const idf = inverseDocumentFrequency(docs);
    expect(idf.get('harlowbi')!).toBeGreaterThan(idf.get('hotel')!);
  });

  it('gives identical texts a cosine of 1 and unrelated texts 0', () => {
    const idf = inverseDocumentFrequency([
      ['hotel', 'migrant'],
      ['flag', 'march'],
    ]);
    const a = tfidfVector(['hotel', 'migrant'], idf);
    expect(cosine(a, tfidfVector(['hotel', 'migrant'], idf))).toBeCloseTo(1, 10);
    expect(cosine(a, tfidfVector(['flag', 'march'], idf))).toBe(0);
    expect(cosine(a, new Map())).toBe(0);
  });

  it('ranks the post telling the same story first and leaves unrelated posts out', () => {
    const ranked = rankBySimilarity(
      [
        'The council is filling the Harlowby hotel with migrants again',
        'Another coach of migrants arrived at the Harlowby hotel tonight',
      ],
      [
        { id: 'bake', text: 'Cake sale at the village hall on Sunday, all welcome' },
        { id: 'hotel', text: 'The council filled the Harlowby hotel with migrants, another coach tonight' },
        { id: 'near', text: 'Hotel prices in Harlowby are up for the festival weekend' },
      ],
    );
    expect(ranked.map((r) => r.id)).toEqual(['hotel', 'near']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(ranked[0]!.sharedTerms).toEqual(expect.arrayContaining(['migrants', 'harlowby', 'hotel']));
  });

  it('returns nothing for a query with no terms', () => {
    expect(rankBySimilarity(['the and of'], [{ id: 'a', text: 'the and of' }])).toEqual([]);
  });
});

describe('cluster growth', () => {
  it('proposes a cluster copied several times lately and more than before', () => {
    expect(isGrowingCluster({ recent: 3, previous: 0 })).toBe(true);
    expect(isGrowingCluster({ recent: 5, previous: 4 })).toBe(true);
    expect(isGrowingCluster({ recent: 5, previous: 5 })).toBe(false);
    expect(isGrowingCluster({ recent: 2, previous: 0 })).toBe(false);
    expect(growthRatio({ recent: 6, previous: 3 })).toBe(2);
    expect(growthRatio({ recent: 6, previous: 0 })).toBeNull();
  });
});
