/**
 * Gazetteer matching: which places (and so which districts) a text mentions.
 *
 * - Text and names are folded the same way as the stored `normalised_name`: accents dropped, lower
 *   case, every run of characters other than letters and digits is a word break. So "St Aldric’s",
 *   "st aldrics" (an alias) and "ST. ALDRIC'S" all match, and a possessive ("Harlowby's fete") still
 *   matches "Harlowby" because the "s" is a word of its own.
 * - Matches are word-bounded ("Ashby" is not "Ash") and multi-word names are matched as phrases;
 *   every name or alias that matches is reported, overlapping ones included.
 * - AMBIGUOUS names (a place whose name is also an everyday word: Hope, Mark, Steep, Ash, Union)
 *   count only when BOTH hold:
 *     1. the word is written with a capital letter in the original text, and
 *     2. a locality cue is nearby: a preposition of place immediately before it ("in", "at",
 *        "near", "from", "around", "outside", "towards", optionally followed by "the"), or a place noun
 *        within two words either side ("village", "ward", "parish", "estate", "town", "green",
 *        "high street"…), or the name of a district or of an unambiguous place within eight words.
 *   "Hope you're well" has a capital but no cue, so it names no place; "the fete in Hope village"
 *   has both.
 */

export interface GazetteerPlace {
  readonly id: string;
  readonly districtId: string;
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly ambiguous?: boolean;
}

export interface GazetteerDistrict {
  readonly id: string;
  readonly name: string;
}

export interface PlaceMatch {
  /** The place id, or the district id when the district's own name matched. */
  readonly placeId: string;
  readonly districtId: string;
  /** The gazetteer name (not the alias) of what matched. */
  readonly name: string;
  /** UTF-16 offsets into the original text. */
  readonly start: number;
  readonly end: number;
}

interface Entry {
  readonly words: readonly string[];
  readonly placeId: string;
  readonly districtId: string;
  readonly name: string;
  readonly ambiguous: boolean;
}

export interface CompiledGazetteer {
  /** First word → entries starting with it, longest first. */
  readonly byFirst: ReadonlyMap<string, readonly Entry[]>;
  readonly size: number;
}

interface Word {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly capital: boolean;
}

const PREPOSITIONS = new Set(['in', 'at', 'near', 'from', 'around', 'outside', 'towards', 'toward', 'nr']);
const PLACE_NOUNS = new Set([
  'village',
  'ward',
  'parish',
  'estate',
  'town',
  'green',
  'hamlet',
  'street',
  'road',
  'lane',
  'common',
  'district',
  'council',
  'councillor',
  'community',
  'residents',
  'church',
  'school',
]);
const NOUN_WINDOW = 2;
const NAME_WINDOW = 8;

/** The gazetteer key: the same folding as the database's `normalised_name`. */
export function foldPlaceText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function wordsOf(name: string): string[] {
  const f = foldPlaceText(name);
  return f === '' ? [] : f.split(' ');
}

/** Build the lookup once per gazetteer (the scorer caches it). */
export function compileGazetteer(
  places: readonly GazetteerPlace[],
  districts: readonly GazetteerDistrict[] = [],
): CompiledGazetteer {
  const byFirst = new Map<string, Entry[]>();
  const seen = new Set<string>();
  const add = (text: string, placeId: string, districtId: string, name: string, ambiguous: boolean) => {
    const words = wordsOf(text);
    if (words.length === 0) return;
    const key = `${placeId}\u0000${words.join(' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const list = byFirst.get(words[0] as string) ?? [];
    list.push({ words, placeId, districtId, name, ambiguous });
    byFirst.set(words[0] as string, list);
  };
  for (const d of districts) add(d.name, d.id, d.id, d.name, false);
  for (const p of places) {
    const ambiguous = p.ambiguous ?? false;
    add(p.name, p.id, p.districtId, p.name, ambiguous);
    // An alias of an ambiguous place is usually just as ambiguous only when it is one word.
    for (const a of p.aliases ?? []) add(a, p.id, p.districtId, p.name, ambiguous && wordsOf(a).length === 1);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirst, size: seen.size };
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

function tokenise(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const raw = m[0];
    const start = m.index;
    // A word may fold into several ("Ærø" stays one); keep the original span for each piece.
    const folded = wordsOf(raw);
    const first = raw.charAt(0);
    const capital = first !== first.toLowerCase() && first === first.toUpperCase();
    for (const key of folded) out.push({ key, start, end: start + raw.length, capital });
  }
  return out;
}

function hasCue(
  words: readonly Word[],
  from: number,
  to: number,
  unambiguousAt: ReadonlySet<number>,
): boolean {
  let before = from - 1;
  if (before >= 0 && words[before]?.key === 'the') before--;
  if (before >= 0 && PREPOSITIONS.has((words[before] as Word).key)) return true;
  for (let k = Math.max(0, from - NOUN_WINDOW); k < Math.min(words.length, to + NOUN_WINDOW); k++) {
    if (k >= from && k < to) continue;
    if (PLACE_NOUNS.has((words[k] as Word).key)) return true;
  }
  for (let k = Math.max(0, from - NAME_WINDOW); k < Math.min(words.length, to + NAME_WINDOW); k++) {
    if ((k < from || k >= to) && unambiguousAt.has(k)) return true;
  }
  return false;
}

/** Every place the text names, in text order, ambiguous names only with the cues described above. */
export function matchPlaces(gazetteer: CompiledGazetteer, text: string): PlaceMatch[] {
  const words = tokenise(text);
  const raw: { entry: Entry; from: number; to: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const list = gazetteer.byFirst.get((words[i] as Word).key);
    if (!list) continue;
    for (const entry of list) {
      const n = entry.words.length;
      if (i + n > words.length) continue;
      let ok = true;
      for (let k = 1; k < n && ok; k++) ok = (words[i + k] as Word).key === entry.words[k];
      if (ok) raw.push({ entry, from: i, to: i + n });
    }
  }
  const unambiguousAt = new Set<number>();
  for (const r of raw) if (!r.entry.ambiguous) for (let k = r.from; k < r.to; k++) unambiguousAt.add(k);
  const out: PlaceMatch[] = [];
  const reported = new Set<string>();
  for (const r of raw) {
    if (r.entry.ambiguous) {
      if (!(words[r.from] as Word).capital) continue;
      if (!hasCue(words, r.from, r.to, unambiguousAt)) continue;
    }
    const start = (words[r.from] as Word).start;
    const end = (words[r.to - 1] as Word).end;
    const key = `${r.entry.placeId}:${start}:${end}`;
    if (reported.has(key)) continue;
    reported.add(key);
    out.push({ placeId: r.entry.placeId, districtId: r.entry.districtId, name: r.entry.name, start, end });
  }
  return out;
}

/** The distinct districts a text names (in order of first mention). */
export function districtsMentioned(gazetteer: CompiledGazetteer, text: string): string[] {
  return [...new Set(matchPlaces(gazetteer, text).map((m) => m.districtId))];
}
