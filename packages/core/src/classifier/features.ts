import { decodeHTML } from 'entities';
import { foldString } from '../text/fold.js';
import { naturalWords, stem } from '../text/natural.js';

/**
 * Feature extraction for the classifier: social-media clean-up, then word uni/bi-grams (natural's
 * WordTokenizer, optional Porter stems) and character n-grams inside word boundaries. Features are
 * strings with a type prefix ('w:' word, 'b:' bigram, 'c:' characters, 'e:' emoji) so a model's
 * explanation reads naturally: "w:invaders", "c:kike".
 */

export interface FeatureOptions {
  /** Word n-gram orders, e.g. [1, 2]. */
  readonly wordNgrams: readonly number[];
  /** Character n-gram lengths inside padded words, e.g. [2, 5] for 2..5; [] for none. */
  readonly charNgrams: readonly [number, number] | readonly [];
  /** Use Porter stems for word features. */
  readonly stem: boolean;
  /** Share of a text vector's squared length given to word features (the rest to characters); 0.5 by default. */
  readonly wordShare?: number;
}

export const DEFAULT_FEATURES: FeatureOptions = Object.freeze({
  wordNgrams: [1, 2],
  charNgrams: [2, 5] as const,
  stem: true,
});

const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const MENTION_RE = /(^|[^\w])@\w+/g;
const RT_RE = /(^|\s)rt(?=\s|:|$)/gi;
const EMOJI_RE = /\p{Extended_Pictographic}/gu;
const REPEAT_RE = /(.)\1{2,}/g;

/**
 * Social-media clean-up: HTML entities decoded (&amp; &#128514;), URLs and @mentions replaced by
 * placeholder words, retweet markers dropped, letters repeated 3+ times squeezed to 2 ("soooo" → "soo"),
 * case/diacritics/look-alikes folded.
 */
export function cleanText(text: string): string {
  let s = text.includes('&') ? decodeHTML(text) : text;
  s = s.replace(URL_RE, ' urltoken ').replace(MENTION_RE, '$1 mentiontoken ').replace(RT_RE, '$1 ');
  s = s.replace(REPEAT_RE, '$1$1');
  return foldString(s);
}

/** Feature counts of one text: named word features, and character n-grams hashed to buckets. */
export interface TextFeatures {
  readonly words: Map<string, number>;
  readonly chars: Map<number, number>;
}

/** Character n-grams are hashed (no string per n-gram: they are most of the features of a text). */
export const CHAR_BUCKET_BITS = 22;
const CHAR_MASK = (1 << CHAR_BUCKET_BITS) - 1;

/** Words of a cleaned text and their word-level features (names), shared by training and prediction. */
export function wordFeatures(text: string, opts: FeatureOptions): { words: string[]; features: string[] } {
  const clean = cleanText(text);
  const words = naturalWords(clean).map((w) => w.toLowerCase());
  const terms = opts.stem ? words.map(stem) : words;
  const features: string[] = [];
  for (const n of opts.wordNgrams) {
    if (n === 1) for (const t of terms) features.push('w:' + t);
    else if (n === 2)
      for (let i = 0; i + 2 <= terms.length; i++) features.push('b:' + terms[i] + ' ' + terms[i + 1]);
    else for (let i = 0; i + n <= terms.length; i++) features.push('b:' + terms.slice(i, i + n).join(' '));
  }
  const emoji = clean.match(EMOJI_RE);
  if (emoji) for (const e of emoji) features.push('e:' + e);
  return { words, features };
}

/**
 * Calls `onGram(bucket, padded, start, length)` for every character n-gram of every word (padded
 * with a space each side), hashed with FNV-1a grown one character at a time so the n-grams that
 * start at the same place share the work and no string is built per n-gram.
 */
export function forEachCharGram(
  words: readonly string[],
  opts: FeatureOptions,
  onGram: (bucket: number, padded: string, start: number, length: number) => void,
): void {
  if (opts.charNgrams.length !== 2) return;
  const [lo, hi] = opts.charNgrams;
  for (const w of words) {
    const padded = ' ' + w + ' ';
    const len = padded.length;
    for (let i = 0; i + lo <= len; i++) {
      let h = 0x811c9dc5;
      for (let n = 1; n <= hi && i + n <= len; n++) {
        h = Math.imul(h ^ padded.charCodeAt(i + n - 1), 0x01000193);
        if (n >= lo) onGram((Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0) & CHAR_MASK, padded, i, n);
      }
    }
  }
}

/**
 * Raw feature counts of one text. When `charNames` is given, the first n-gram seen for each bucket
 * is recorded there, so a model can name its character features in explanations.
 */
export function extractFeatures(
  text: string,
  opts: FeatureOptions = DEFAULT_FEATURES,
  charNames?: Map<number, string>,
): TextFeatures {
  const { words, features } = wordFeatures(text, opts);
  const wordCounts = new Map<string, number>();
  for (const f of features) wordCounts.set(f, (wordCounts.get(f) ?? 0) + 1);
  const chars = new Map<number, number>();
  forEachCharGram(words, opts, (b, padded, i, n) => {
    chars.set(b, (chars.get(b) ?? 0) + 1);
    if (charNames !== undefined && !charNames.has(b)) charNames.set(b, 'c:' + padded.slice(i, i + n));
  });
  return { words: wordCounts, chars };
}
