import { tokeniseForMatch, type MatchTokens } from '../text/match-tokens.js';
import { stem } from '../text/natural.js';
import type { CompiledLexicon, CompiledRule, NgramEntry } from './compile.js';
import type { LexiconMatch, LexiconResult } from './types.js';

type Emit = (termIdxs: readonly number[], tokenStart: number, tokenEnd: number) => void;

interface NgramIndexLike {
  readonly entries: ReadonlyMap<string, NgramEntry>;
  readonly maxN: number;
}

/** Every run of words that is a key, including runs inside longer runs (overlapping matches). */
function ngramHits(index: NgramIndexLike, words: readonly string[], emit: Emit): void {
  const { entries, maxN } = index;
  const n = words.length;
  for (let i = 0; i < n; i++) {
    let key = words[i] as string;
    for (let j = i; ;) {
      const e = entries.get(key);
      if (e === undefined) break;
      if (e.hits.length > 0) emit(e.hits, i, j + 1);
      if (!e.prefix || j + 1 >= n || j - i + 1 >= maxN) break;
      j++;
      key += ' ' + (words[j] as string);
    }
  }
}

/** The same walk when some words have two readings ('1' as i or l): try every combination. */
function ngramHitsWithAlts(
  index: NgramIndexLike,
  words: readonly string[],
  alts: readonly (string | undefined)[],
  emit: Emit,
): void {
  const { entries, maxN } = index;
  const n = words.length;
  const walk = (i: number, j: number, key: string): void => {
    const e = entries.get(key);
    if (e === undefined) return;
    if (e.hits.length > 0) emit(e.hits, i, j + 1);
    if (!e.prefix || j + 1 >= n || j - i + 1 >= maxN) return;
    walk(i, j + 1, key + ' ' + (words[j + 1] as string));
    const alt = alts[j + 1];
    if (alt !== undefined) walk(i, j + 1, key + ' ' + alt);
  };
  for (let i = 0; i < n; i++) {
    walk(i, i, words[i] as string);
    const alt = alts[i];
    if (alt !== undefined) walk(i, i, alt);
  }
}

function patternHits(lex: CompiledLexicon, toks: MatchTokens, emit: Emit): void {
  const { patPrefix, patSuffix, patInfix } = lex;
  if (patPrefix.map.size + patSuffix.map.size + patInfix.map.size === 0) return;
  const seen = new Set<number>();
  for (let i = 0; i < toks.forms.length; i++) {
    seen.clear();
    const found: number[] = [];
    const take = (hits: readonly number[] | undefined): void => {
      if (hits === undefined) return;
      for (const h of hits) {
        if (!seen.has(h)) {
          seen.add(h);
          found.push(h);
        }
      }
    };
    const alt = toks.alts[i];
    for (const w of alt === undefined ? [toks.forms[i] as string] : [toks.forms[i] as string, alt]) {
      const len = w.length;
      for (const L of patPrefix.lengths) {
        if (L > len) break;
        take(patPrefix.map.get(w.slice(0, L)));
      }
      for (const L of patSuffix.lengths) {
        if (L > len) break;
        take(patSuffix.map.get(w.slice(len - L)));
      }
      for (const L of patInfix.lengths) {
        if (L > len) break;
        for (let p = 0; p + L <= len; p++) take(patInfix.map.get(w.slice(p, p + L)));
      }
    }
    if (found.length > 0) emit(found, i, i + 1);
  }
}

function wordMatches(rule: CompiledRule, toks: MatchTokens, k: number): boolean {
  const check = (w: string | undefined): boolean => {
    if (w === undefined) return false;
    if (rule.words.has(w)) return true;
    for (const p of rule.prefixes) if (w.startsWith(p)) return true;
    return false;
  };
  return check(toks.forms[k]) || check(toks.alts[k]);
}

function anyNear(rule: CompiledRule, toks: MatchTokens, ts: number, te: number): boolean {
  const n = toks.forms.length;
  const from = rule.window === undefined ? 0 : Math.max(0, ts - rule.window);
  const to = rule.window === undefined ? n : Math.min(n, te + rule.window);
  for (let k = from; k < ts; k++) if (wordMatches(rule, toks, k)) return true;
  for (let k = te; k < to; k++) if (wordMatches(rule, toks, k)) return true;
  return false;
}

/** Noisy-OR: 1 − Π(1 − w). Several independent pieces of evidence raise the score towards 1, never past it. */
function noisyOr(weights: Iterable<number>): number {
  let keep = 1;
  for (const w of weights) keep *= 1 - w;
  return 1 - keep;
}

/**
 * Every word-bounded match of the compiled lexicon in `text`, overlapping ones included (a phrase and
 * a word inside it both count), with spans into the ORIGINAL text, context rules applied, and
 * per-category lexicon scores. Pass `tokens` when the caller already tokenised the text.
 */
export function matchText(lex: CompiledLexicon, text: string, tokens?: MatchTokens): LexiconResult {
  const toks = tokens ?? tokeniseForMatch(text);
  const raw: number[] = []; // triples: term index, token start, token end
  const emit: Emit = (idxs, ts, te) => {
    for (const idx of idxs) raw.push(idx, ts, te);
  };

  if (lex.exact.maxN > 0) {
    if (toks.hasAlts) ngramHitsWithAlts(lex.exact, toks.forms, toks.alts, emit);
    else ngramHits(lex.exact, toks.forms, emit);
  }
  if (lex.stemmed.maxN > 0) {
    const stems = toks.forms.map(stem);
    if (toks.hasAlts) {
      const altStems = toks.alts.map((a) => (a === undefined ? undefined : stem(a)));
      ngramHitsWithAlts(lex.stemmed, stems, altStems, emit);
    } else {
      ngramHits(lex.stemmed, stems, emit);
    }
  }
  patternHits(lex, toks, emit);

  const matches: LexiconMatch[] = [];
  const byCategory = new Map<string, Map<string, number>>();
  const all = new Map<string, number>();
  for (let r = 0; r < raw.length; r += 3) {
    const term = lex.terms[raw[r] as number];
    if (term === undefined) continue;
    const ts = raw[r + 1] as number;
    const te = raw[r + 2] as number;
    let suppressed: string | undefined;
    for (const rule of term.rules) {
      const near = anyNear(rule, toks, ts, te);
      if (rule.kind === 'suppress-near' ? near : !near) {
        suppressed = rule.reason;
        break;
      }
    }
    const match: LexiconMatch = {
      start: toks.starts[ts] as number,
      end: toks.ends[te - 1] as number,
      termId: term.id,
      phrase: term.phrase,
      mode: term.mode,
      category: term.category,
      weight: term.weight,
      tokenStart: ts,
      tokenEnd: te,
      ...(suppressed === undefined ? {} : { suppressed }),
    };
    matches.push(match);
    if (suppressed === undefined) {
      let cat = byCategory.get(term.category);
      if (!cat) byCategory.set(term.category, (cat = new Map<string, number>()));
      cat.set(term.id, term.weight);
      all.set(term.id, term.weight);
    }
  }
  matches.sort(
    (a, b) => a.start - b.start || b.end - a.end || (a.termId < b.termId ? -1 : a.termId > b.termId ? 1 : 0),
  );

  const categoryScores: Record<string, number> = {};
  for (const [cat, terms] of byCategory) categoryScores[cat] = noisyOr(terms.values());
  return { lexiconVersion: lex.version, matches, categoryScores, score: noisyOr(all.values()) };
}
