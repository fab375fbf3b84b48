import { dedupeForm } from './text-hash.js';

/**
 * 64-bit SimHash (Charikar; Manku et al. 2007) held as two signed 32-bit halves, because BigInt
 * arithmetic is about 7× slower (research/performance.md §5) and PostgreSQL stores the halves as
 * two int4 columns.
 *
 * Features are the text's word tokens (after the de-duplication form: lower-case, URLs removed)
 * with @mentions dropped, since copies of a post often differ only in whom they address. Han and
 * kana runs, written without spaces, are split into character bigrams. Each feature is hashed to
 * 64 bits by two seeded FNV-1a passes finished with murmur3's mixer, and every bit position sums
 * +1/−1 over the features.
 *
 * Single words are the features, not word shingles: with N features a one-word edit changes 2 of
 * them, while k-word shingles change 2k, and the chance that a bit flips grows with the changed
 * share. Measured on 485 40-word windows of real English prose with one word replaced: 65% stay
 * within Hamming 3 with single words (mean 3.1 bits), against 47% for character 4-grams, 36% for
 * words plus word pairs and 21% for word pairs; no unrelated pair came within 3 (closest 13).
 * So on short posts k = 3 catches most one-word edits, not all: with 40 features each bit flips
 * with probability about 1/16, i.e. about 4 bits expected. Edits that leave the words alone
 * (case, punctuation, links, mentions) give distance 0.
 */
export interface SimHash {
  hi: number;
  lo: number;
}

const TOKEN_RE = /@[\p{L}\p{N}_.-]+|[\p{L}\p{N}]+/gu;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function fnv1a(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The features SimHash sums over (exported for tests and for choosing a minimum length). */
export function simhashFeatures(text: string): string[] {
  const out: string[] = [];
  for (const m of dedupeForm(text).matchAll(TOKEN_RE)) {
    const tok = m[0];
    if (tok.startsWith('@')) continue;
    if (tok.length > 2 && CJK_RE.test(tok)) {
      for (let i = 0; i + 1 < tok.length; i++) out.push(tok.slice(i, i + 2));
    } else {
      out.push(tok);
    }
  }
  return out;
}

const counts = new Int32Array(64);

/** SimHash of a list of features (each counted as often as it occurs). */
export function simhashOf(features: readonly string[]): SimHash {
  counts.fill(0);
  for (const f of features) {
    const hi = fmix32(fnv1a(f, 0x811c9dc5));
    const lo = fmix32(fnv1a(f, 0x050c5d1f));
    for (let b = 0; b < 32; b++) {
      counts[b]! += (hi >>> b) & 1 ? 1 : -1;
      counts[b + 32]! += (lo >>> b) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (counts[b]! > 0) hi |= 1 << b;
    if (counts[b + 32]! > 0) lo |= 1 << b;
  }
  return { hi: hi | 0, lo: lo | 0 };
}

export function simhash64(text: string): SimHash {
  return simhashOf(simhashFeatures(text));
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of differing bits between two fingerprints (0–64). */
export function hamming(a: SimHash, b: SimHash): number {
  return popcount32(a.hi ^ b.hi) + popcount32(a.lo ^ b.lo);
}

/**
 * The four 16-bit bands of a fingerprint (0–65535 each), for the banded index. Two fingerprints
 * within Hamming distance 3 differ in at most 3 of the 4 bands, so at least one band is equal
 * (pigeonhole): a lookup probes four indexed columns, then checks the exact distance.
 */
export function bands(h: SimHash): [number, number, number, number] {
  return [h.hi >>> 16, h.hi & 0xffff, h.lo >>> 16, h.lo & 0xffff];
}

/** Near-duplicate threshold (Manku et al. 2007, for 64-bit fingerprints). */
export const NEAR_DUPLICATE_DISTANCE = 3;

/**
 * Below this many features a fingerprint is too unstable to compare (a two-word post flips half
 * its bits on any edit and collides with unrelated short posts): short texts only match exactly.
 */
export const MIN_SIMHASH_FEATURES = 8;
