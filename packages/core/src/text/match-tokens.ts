import { foldCodePoint, LEET, SEP, SYMBOL, WORD } from './fold.js';

/**
 * Words of a text, normalised for matching, each with the UTF-16 span it came from in the ORIGINAL
 * text. `forms[i]` is the canonical reading; `alts[i]` is a second reading when the word contains a
 * '1' used as a letter ('1' reads as 'i' canonically and as 'l' in the alternative).
 */
export interface MatchTokens {
  readonly forms: string[];
  readonly alts: (string | undefined)[];
  readonly starts: number[];
  readonly ends: number[];
  /** True when at least one token has an alternative reading. */
  readonly hasAlts: boolean;
}

const LEET_DIGITS = /[013457]/g;

/**
 * Tokenise once for matching: case folded, diacritics stripped, confusables folded, zero-width and
 * bidi controls removed (they do not split a word: "r\u200bahowa" is one word), and, inside words
 * that also contain letters, digits and '@'/'$' read as letters ("r4h0w4" → "rahowa"). Words are
 * maximal runs of letters, digits and '_' — the same boundaries as /\b/ on ASCII text.
 */
export function tokeniseForMatch(text: string): MatchTokens {
  return scan(text, undefined);
}

/** Per-character offset map collected by `normaliseForMatch`. */
interface CharMap {
  starts: number[];
  ends: number[];
  tokStarts: number[];
  tokEnds: number[];
}

function scan(text: string, charMap: CharMap | undefined): MatchTokens {
  const forms: string[] = [];
  const alts: (string | undefined)[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let hasAlts = false;

  // A word made only of ASCII letters/digits/_ is sliced from the text in one go ("plain"); the
  // first character needing a fold (non-ASCII, '@'/'$', an ignorable inside the word) switches the
  // word to character-by-character building. Most words of most posts stay plain.
  let tok = '';
  let start = -1;
  let end = -1;
  let plain = false;
  let upper = false;
  let hasLetter = false;
  let hasDigit = false;

  const materialise = (at: number): void => {
    tok = text.slice(start, at);
    if (upper) tok = tok.toLowerCase();
    plain = false;
  };

  const flush = (): void => {
    if (start === -1) return;
    let form = plain ? (upper ? text.slice(start, end).toLowerCase() : text.slice(start, end)) : tok;
    let alt: string | undefined;
    if (hasDigit && hasLetter) {
      if (form.includes('1')) {
        alt = form.replace(LEET_DIGITS, (d) => (d === '1' ? 'l' : (LEET[d] as string)));
        hasAlts = true;
      }
      form = form.replace(LEET_DIGITS, (d) => LEET[d] as string);
    }
    forms.push(form);
    alts.push(alt);
    starts.push(start);
    ends.push(end);
    if (charMap !== undefined) {
      charMap.starts.push(...charMap.tokStarts);
      charMap.ends.push(...charMap.tokEnds);
      charMap.tokStarts = [];
      charMap.tokEnds = [];
    }
    tok = '';
    start = -1;
    upper = false;
    hasLetter = false;
    hasDigit = false;
  };

  const n = text.length;
  for (let i = 0; i < n;) {
    const cp = text.codePointAt(i) as number;
    const size = cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    if (f.cls === WORD) {
      if (start === -1) {
        start = i;
        plain = charMap === undefined;
      }
      if (plain && cp < 128) {
        if (cp >= 65 && cp <= 90) upper = true;
      } else {
        if (plain) materialise(i);
        tok += f.out;
      }
      end = i + size;
      if (charMap !== undefined) pushChars(charMap, f.out.length, i, end);
      if (f.letter) hasLetter = true;
      else if (cp >= 48 && cp <= 57) hasDigit = true;
    } else if (f.cls === SYMBOL) {
      // '@'/'$' inside a word ("r@howa"), or '$' leading a word ("$hit"), read as a letter.
      // Elsewhere (mentions, prices, stray symbols) they separate words.
      const next = i + size < n ? foldCodePoint(text.codePointAt(i + size) as number) : undefined;
      const nextIsWord = next !== undefined && next.cls === WORD;
      if (nextIsWord && (start !== -1 || (cp === 36 && next.letter))) {
        if (start === -1) {
          start = i;
          plain = false;
        } else if (plain) materialise(i);
        tok += f.out;
        end = i + size;
        if (charMap !== undefined) pushChars(charMap, f.out.length, i, end);
        hasLetter = true;
      } else {
        flush();
      }
    } else if (f.cls === SEP) {
      flush();
    } else if (plain && start !== -1) {
      // IGNORE inside a plain word: dropped, so the word can no longer be a slice of the text.
      materialise(i);
    }
    // IGNORE: dropped without ending the current word.
    i += size;
  }
  flush();
  return { forms, alts, starts, ends, hasAlts };
}

function pushChars(m: CharMap, count: number, start: number, end: number): void {
  for (let k = 0; k < count; k++) {
    m.tokStarts.push(start);
    m.tokEnds.push(end);
  }
}

/**
 * The normalised text (canonical word forms joined by single spaces) with an offset map: for each
 * UTF-16 unit j of `text`, `starts[j]`..`ends[j]` is the span of the original character it came from.
 * Separators map to the gap between the words they join.
 */
export interface NormalisedText {
  readonly text: string;
  readonly starts: number[];
  readonly ends: number[];
}

export function normaliseForMatch(original: string): NormalisedText {
  const m: CharMap = { starts: [], ends: [], tokStarts: [], tokEnds: [] };
  const toks = scan(original, m);
  const starts: number[] = [];
  const ends: number[] = [];
  let k = 0;
  for (let t = 0; t < toks.forms.length; t++) {
    if (t > 0) {
      starts.push(toks.ends[t - 1] as number);
      ends.push(toks.starts[t] as number);
    }
    const len = (toks.forms[t] as string).length;
    for (let c = 0; c < len; c++, k++) {
      starts.push(m.starts[k] as number);
      ends.push(m.ends[k] as number);
    }
  }
  return { text: toks.forms.join(' '), starts, ends };
}

/** The canonical normalised words of a short string (a lexicon phrase, a context word). */
export function normaliseWords(text: string): string[] {
  return tokeniseForMatch(text).forms;
}
