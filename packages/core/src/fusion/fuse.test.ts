import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../lexicon/compile.js';
import { matchText } from '../lexicon/match.js';
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

describe('score explanation', () => {
  it('spans point at the right characters of the original text', () => {
    const lex = compileLexicon(
      [
        {
          id: 'a',
          phrase: 'great replacement',
          mode: 'phrase',
          weight: 0.7,
          category: 'gr',
          status: 'active',
        },
        { id: 'b', phrase: 'rahowa', mode: 'word', weight: 0.9, category: 'ws', status: 'active' },
      ],
      { version: 'lex-7' },
    );
    const text = '🧵 1/3 The GREAT\u200b replacement… and 𝐫𝐚𝐡𝐨𝐰𝐚!';
    const fused = fuseScore({
      lexicon: matchText(lex, text),
      classifier: { modelVersion: 'm2', label: 'hate', probability: 0.5, topFeatures: [] },
    });
    expect(fused.explanation.lexiconVersion).toBe('lex-7');
    expect(fused.explanation.spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'GREAT\u200b replacement',
      '𝐫𝐚𝐡𝐨𝐰𝐚',
    ]);
    expect(fused.score).toBe(Math.round(100 * (1 - (1 - 0.6 * (1 - 0.3 * 0.1)) * (1 - 0.8 * 0.5))));
  });
});
