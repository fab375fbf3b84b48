import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

// Thin wrappers so the rest of core never touches natural's module layout directly.

const wordTokenizer = new WordTokenizer();

/** natural's WordTokenizer: splits on anything that is not [A-Za-z0-9_] (or Cyrillic). */
export function naturalWords(text: string): string[] {
  return wordTokenizer.tokenize(text);
}

const stemCache = new Map<string, string>();

/** Porter stem of one lower-case token, memoised (the cache is bounded and reset when full). */
export function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = PorterStemmer.stem(token);
    if (stemCache.size >= 200_000) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}
