import { describe, expect, it } from 'vitest';
import {
  bands,
  dedupeForm,
  hamming,
  MIN_SIMHASH_FEATURES,
  NEAR_DUPLICATE_DISTANCE,
  simhash64,
  simhashFeatures,
  textHash,
} from './index.js';

// Deterministic pseudo-random numbers, so every run sees the same corpus.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VOCAB = (
  'the a of to and in is it that for on was with he she they we you this are be at have not but from ' +
  'by or as all there their what so up out if about who get which go me when make can like time no ' +
  'just him know take people into year your good some could them see other than then now look only ' +
  'come its over think also back after use two how our work first well way even new want because ' +
  'any these give day most council police town street park school bus station mosque church market ' +
  'meeting protest march rally video share petition local news tonight weekend angry peaceful ' +
  'community safety family children youth club library hospital road bridge flood fire housing'
).split(' ');

function post(r: () => number, words = 40): string[] {
  return Array.from({ length: words }, () => VOCAB[Math.floor(r() * VOCAB.length)]!);
}

const FORTY =
  'Residents are invited to a community meeting at the library on Thursday evening to discuss plans ' +
  'for the new youth centre, the closure of the bus depot, safer routes to school and what to do ' +
  'about flooding on the street';

describe('textHash', () => {
  it('ignores case, spacing and addresses', () => {
    expect(textHash('Share this NOW  https://t.co/abc')).toBe(textHash('share this now https://bit.ly/xyz'));
    expect(dedupeForm(' Ｆｕｌｌ  width\n\ttext ')).toBe('full width text');
    expect(textHash('one text')).not.toBe(textHash('another text'));
  });

  it('keeps link-only posts apart', () => {
    expect(textHash('https://example.com/a')).not.toBe(textHash('https://example.com/b'));
  });
});

describe('simhash64', () => {
  it('returns two signed 32-bit halves, never BigInt', () => {
    const h = simhash64(FORTY);
    expect(typeof h.hi).toBe('number');
    expect(h.hi | 0).toBe(h.hi);
    expect(h.lo | 0).toBe(h.lo);
    expect(simhash64(FORTY)).toEqual(h);
  });

  it('puts a one-word edit of a 40-word post close, and an unrelated post far away', () => {
    expect(FORTY.split(' ')).toHaveLength(40);
    const base = simhash64(FORTY);
    // Each of these edits lands at distance 3 or 4: close, but not always within the threshold.
    for (const day of ['Monday', 'Friday', 'Saturday']) {
      expect(hamming(base, simhash64(FORTY.replace('Thursday', day)))).toBeLessThanOrEqual(4);
    }
    const other = simhash64(
      'Lost dog near the canal this morning, brown and white spaniel answering to Biscuit, please ' +
        'call if you see him, the children are heartbroken and we have searched the park twice already',
    );
    expect(hamming(base, other)).toBeGreaterThan(12);
  });

  it('ignores changes that do not change the words: case, punctuation, links, mentions', () => {
    const base = simhash64(FORTY);
    expect(hamming(base, simhash64(`${FORTY.toUpperCase()}!!! https://example.com/x?utm_source=a`))).toBe(0);
    expect(hamming(base, simhash64(`@someone @other ${FORTY.replace(/,/g, ' ;')}`))).toBe(0);
  });

  it('keeps most one-word edits within 3 and no unrelated posts (measured over 500 posts)', () => {
    const r = rng(7);
    let within = 0;
    const prints = [];
    for (let i = 0; i < 500; i++) {
      const words = post(r);
      const edited = [...words];
      edited[Math.floor(r() * edited.length)] = 'zebra';
      const h = simhash64(words.join(' '));
      prints.push(h);
      if (hamming(h, simhash64(edited.join(' '))) <= NEAR_DUPLICATE_DISTANCE) within++;
    }
    // A one-word edit changes 2 of 40 features; each bit then flips with p ≈ 1/16, so about 4 bits
    // in expectation: SimHash-64 at k = 3 catches a majority, not all (see the module comment).
    expect(within / 500).toBeGreaterThan(0.5);
    expect(within / 500).toBeLessThan(1);
    let minUnrelated = 64;
    for (let i = 0; i < prints.length; i++)
      for (let j = i + 1; j < prints.length; j++)
        minUnrelated = Math.min(minUnrelated, hamming(prints[i]!, prints[j]!));
    expect(minUnrelated).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE);
  });

  it('splits unspaced scripts into character bigrams and drops mentions', () => {
    expect(simhashFeatures('@jo 東京都庁 hello')).toEqual(['東京', '京都', '都庁', 'hello']);
    expect(simhashFeatures('ok').length).toBeLessThan(MIN_SIMHASH_FEATURES);
  });
});

describe('hamming and bands', () => {
  it('counts differing bits across both halves', () => {
    expect(hamming({ hi: 0, lo: 0 }, { hi: -1, lo: -1 })).toBe(64);
    expect(hamming({ hi: 0x80000000 | 0, lo: 1 }, { hi: 0, lo: 0 })).toBe(2);
  });

  it('splits into four 16-bit bands', () => {
    expect(bands({ hi: 0x12345678, lo: 0x9abcdef0 | 0 })).toEqual([0x1234, 0x5678, 0x9abc, 0xdef0]);
    for (const b of bands({ hi: -1, lo: -1 })) expect(b).toBe(0xffff);
  });

  it('shares at least one band whenever the distance is at most 3 (pigeonhole)', () => {
    const r = rng(11);
    for (let n = 0; n < 2000; n++) {
      const a = { hi: (r() * 2 ** 32) | 0, lo: (r() * 2 ** 32) | 0 };
      const b = { ...a };
      const flips = Math.floor(r() * 4); // 0..3 bits
      for (let k = 0; k < flips; k++) {
        const bit = Math.floor(r() * 64);
        if (bit < 32) b.hi = (b.hi ^ (1 << bit)) | 0;
        else b.lo = (b.lo ^ (1 << (bit - 32))) | 0;
      }
      expect(hamming(a, b)).toBeLessThanOrEqual(3);
      const ba = bands(a);
      const bb = bands(b);
      expect(ba.some((v, i) => v === bb[i])).toBe(true);
    }
  });
});
