import { describe, expect, it } from 'vitest';
import type { LexiconResult } from '../lexicon/types.js';
import { bandFor, fuseScore, relevantProbability } from './fuse.js';

const lexicon = (score: number): LexiconResult => ({
  lexiconVersion: 'v1',
  matches: [],
  categoryScores: {},
  score,
});

describe('fuseScore', () => {
  it('bands honour the thresholds', () => {
    const t = { signal: 70, uncertain: 40 };
    expect(bandFor(70, t)).toBe('signal');
    expect(bandFor(69, t)).toBe('uncertain');
    expect(bandFor(40, t)).toBe('uncertain');
    expect(bandFor(39, t)).toBe('below');
    expect(fuseScore({ lexicon: lexicon(0.7), thresholds: t }).band).toBe('signal');
    expect(fuseScore({ lexicon: lexicon(0.69), thresholds: t }).band).toBe('uncertain');
    expect(fuseScore({ lexicon: lexicon(0.1), thresholds: t }).band).toBe('below');
  });

  it('combines lexicon and classifier with a weighted noisy-OR and explains itself', () => {
    const c = {
      modelVersion: 'm1',
      label: 'hate',
      probability: 1,
      topFeatures: [{ feature: 'w:x', weight: 2 }],
    };
    const both = fuseScore({ lexicon: lexicon(1), classifier: c });
    expect(both.score).toBe(92);
    expect(fuseScore({ lexicon: lexicon(0), classifier: c }).score).toBe(80);
    expect(fuseScore({ lexicon: lexicon(1), classifier: { ...c, probability: 0 } }).score).toBe(60);
    expect(both.explanation.modelVersion).toBe('m1');
    expect(both.explanation.lexiconVersion).toBe('v1');
    expect(both.explanation.thresholds).toEqual({ signal: 60, uncertain: 35 });
    expect(both.explanation.topFeatures).toEqual(c.topFeatures);
  });

  it('rejects incoherent thresholds', () => {
    expect(() => fuseScore({ lexicon: lexicon(0), thresholds: { signal: 30, uncertain: 40 } })).toThrow();
  });

  it('relevant probability is one minus the negative labels', () => {
    expect(relevantProbability({ hate: 0.2, offensive: 0.5, neither: 0.3 }, ['neither'])).toBeCloseTo(0.7);
  });
});
