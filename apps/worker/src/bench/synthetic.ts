import { seededRandom, type LexiconTerm } from '@counterpoint/core';

/**
 * Deterministic synthetic data for `bench score` (performance.md test data): a Zipf-distributed
 * vocabulary of made-up words, a 10,000-term lexicon (70% single words, 30% two- or three-word
 * phrases) and 20,000 posts of about 40 words with lexicon phrases injected into 30% of them.
 */

const SYLLABLES = [
  'ba',
  'be',
  'bi',
  'bo',
  'ca',
  'co',
  'da',
  'de',
  'di',
  'do',
  'fa',
  'fe',
  'ga',
  'go',
  'ha',
  'he',
  'ja',
  'ka',
  'ki',
  'la',
  'le',
  'li',
  'lo',
  'lu',
  'ma',
  'me',
  'mi',
  'mo',
  'na',
  'ne',
  'ni',
  'no',
  'pa',
  'pe',
  'pi',
  'po',
  'ra',
  're',
  'ri',
  'ro',
  'sa',
  'se',
  'si',
  'so',
  'ta',
  'te',
  'ti',
  'to',
  'va',
  've',
  'wa',
  'we',
  'ya',
  'za',
];

export interface SyntheticData {
  readonly vocabulary: string[];
  readonly terms: LexiconTerm[];
  readonly posts: string[];
  /** 'flagged' when a lexicon phrase was injected into the post, else 'other'. */
  readonly labels: string[];
}

export function makeSyntheticData(
  opts: { terms?: number; posts?: number; seed?: number } = {},
): SyntheticData {
  const rnd = seededRandom(opts.seed ?? 2024);
  const nTerms = opts.terms ?? 10_000;
  const nPosts = opts.posts ?? 20_000;

  // Vocabulary of distinct pseudo-words (2–4 syllables).
  const vocabSet = new Set<string>();
  while (vocabSet.size < 30_000) {
    const len = 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < len; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)] as string;
    vocabSet.add(w);
  }
  const vocabulary = [...vocabSet];

  // Zipf (s = 1) sampler over ranks via the cumulative distribution.
  const cdf = new Float64Array(vocabulary.length);
  let acc = 0;
  for (let r = 0; r < vocabulary.length; r++) cdf[r] = acc += 1 / (r + 1);
  const zipf = (): string => {
    const x = rnd() * acc;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo] as string;
  };
  // Lexicon words come from the middle and tail of the distribution, never the commonest 100.
  const lexWord = (): string => vocabulary[100 + Math.floor(rnd() * (vocabulary.length - 100))] as string;

  const phrases = new Set<string>();
  const terms: LexiconTerm[] = [];
  const categories = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
  while (terms.length < nTerms) {
    let phrase: string;
    if (rnd() < 0.7) phrase = lexWord();
    else {
      const len = rnd() < 0.5 ? 2 : 3;
      const words = new Set<string>(); // distinct words: a phrase can then never overlap itself
      while (words.size < len) words.add(lexWord());
      phrase = [...words].join(' ');
    }
    if (phrases.has(phrase)) continue;
    phrases.add(phrase);
    terms.push({
      id: `t${terms.length}`,
      phrase,
      mode: phrase.includes(' ') ? 'phrase' : 'word',
      weight: Math.round((0.2 + rnd() * 0.8) * 100) / 100,
      category: categories[terms.length % categories.length] as string,
      status: 'active',
    });
  }
  const phraseTerms = terms.filter((t) => t.mode === 'phrase');

  const posts: string[] = [];
  const labels: string[] = [];
  for (let p = 0; p < nPosts; p++) {
    const len = 30 + Math.floor(rnd() * 21);
    const words: string[] = [];
    for (let i = 0; i < len; i++) words.push(zipf());
    const inject = rnd() < 0.3;
    if (inject) {
      const count = 1 + Math.floor(rnd() * 2);
      for (let c = 0; c < count; c++) {
        const t = phraseTerms[Math.floor(rnd() * phraseTerms.length)] as LexiconTerm;
        words.splice(Math.floor(rnd() * words.length), 0, t.phrase);
      }
    }
    posts.push(words.join(' '));
    labels.push(inject ? 'flagged' : 'other');
  }
  return { vocabulary, terms, posts, labels };
}
