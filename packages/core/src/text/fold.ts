// Per-code-point folding used by the lexicon matcher (and anything else that must compare text the
// way an evader would hope we don't). Each code point folds to a short lower-case string and a class.
// Folding one code point at a time (never the whole string at once) is what lets callers keep an
// exact offset map back to the original text: a fold may produce zero, one or several characters.

/** Character classes after folding. */
export const SEP = 0; // separates words
export const WORD = 1; // part of a word
export const IGNORE = 2; // dropped entirely without splitting a word (zero-width, bidi, combining marks)
export const SYMBOL = 3; // '@' or '$': a letter substitute inside a word, a separator elsewhere

export interface Fold {
  readonly out: string;
  readonly cls: 0 | 1 | 2 | 3;
  /** The folded output contains a letter (not only digits/underscore). */
  readonly letter: boolean;
}

// Look-alikes from other scripts folded to the Latin letter they imitate (a small skeleton table in
// the spirit of Unicode TR39; only letters commonly used for evasion in English-language text).
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  с: 'c',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  ԝ: 'w',
  ь: 'b',
  ү: 'y',
  ɡ: 'g',
  ӏ: 'l',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
  μ: 'u',
  ϲ: 'c',
  ς: 's',
  σ: 'o',
  // Latin letters that do not decompose under NFKD
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ŧ: 't',
  ħ: 'h',
  ɑ: 'a',
  ꞵ: 'b',
  ɩ: 'i',
  ʋ: 'u',
};

/** Digit and symbol substitutions applied inside words that also contain letters. */
export const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

const WORD_RE = /^[\p{L}\p{N}_]+$/u;
const MARKS_RE = /\p{M}/gu;
const LETTER_RE = /\p{L}/u;

function isIgnorable(cp: number): boolean {
  return (
    cp === 0x00ad || // soft hyphen
    cp === 0x034f || // combining grapheme joiner
    cp === 0x061c || // Arabic letter mark (bidi)
    cp === 0x180e || // Mongolian vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM/RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x2064) || // word joiner, invisible operators
    (cp >= 0x2066 && cp <= 0x2069) || // bidi isolates
    cp === 0xfeff || // zero-width no-break space / BOM
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    (cp >= 0xe0000 && cp <= 0xe007f) || // tag characters
    (cp >= 0xe0100 && cp <= 0xe01ef) // variation selectors supplement
  );
}

function computeFold(cp: number): Fold {
  if (isIgnorable(cp)) return { out: '', cls: IGNORE, letter: false };
  const ch = String.fromCodePoint(cp);
  if (ch === '@' || ch === '$') return { out: LEET[ch] ?? '', cls: SYMBOL, letter: true };
  // NFKD maps fullwidth forms, mathematical alphanumerics, ligatures and circled letters to plain
  // ones and splits accented letters into base + combining marks, which are then dropped.
  let s = ch.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
  if (s === '') return { out: '', cls: IGNORE, letter: false };
  let mapped = '';
  for (const c of s) mapped += CONFUSABLES[c] ?? c;
  s = mapped;
  return WORD_RE.test(s)
    ? { out: s, cls: WORD, letter: LETTER_RE.test(s) }
    : { out: '', cls: SEP, letter: false };
}

const ASCII: Fold[] = [];
for (let cp = 0; cp < 128; cp++) ASCII.push(computeFold(cp));
const cache = new Map<number, Fold>();

/** Fold one code point (memoised; ASCII from a table). */
export function foldCodePoint(cp: number): Fold {
  if (cp < 128) return ASCII[cp] as Fold;
  let f = cache.get(cp);
  if (f === undefined) {
    f = computeFold(cp);
    // The cache is bounded by the number of distinct code points seen; cap it defensively.
    if (cache.size < 65536) cache.set(cp, f);
  }
  return f;
}

/** Fold a whole string for display/comparison (no offsets): lower-case, diacritics and look-alikes folded. */
const NON_ASCII = /[^\x00-\x7f]/;

export function foldString(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase(); // ASCII: folding is lower-casing
  let out = '';
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    out += f.cls === SEP ? String.fromCodePoint(cp) : f.cls === SYMBOL ? String.fromCodePoint(cp) : f.out;
  }
  return out;
}
