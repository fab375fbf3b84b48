import { DomainError } from '../errors/errors.js';
import { normaliseWords } from '../text/match-tokens.js';
import { stem } from '../text/natural.js';
import { MATCH_MODES, TERM_STATUSES, type ContextRule, type LexiconTerm, type MatchMode } from './types.js';

/**
 * Compiling turns the lexicon into hash maps keyed by normalised word n-grams, built ONCE per lexicon
 * version. Matching then tokenises a text once and looks up each run of up to `maxN` words, extending
 * a run only while it is a prefix of some phrase. The cost per text depends on its length and the
 * longest phrase, not on how many terms there are (performance.md §3: token n-gram lookup).
 */

export interface CompiledRule {
  readonly kind: ContextRule['kind'];
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly window: number | undefined;
  readonly reason: string;
}

export interface CompiledTerm {
  readonly id: string;
  readonly phrase: string;
  readonly mode: MatchMode;
  readonly weight: number;
  readonly category: string;
  readonly rules: readonly CompiledRule[];
}

/** One key of the n-gram index: the terms it completes, and whether longer phrases start with it. */
export interface NgramEntry {
  readonly hits: number[];
  /** A proper prefix (whole words) of some longer key: a run is extended only while this is true. */
  prefix: boolean;
}

interface NgramIndex {
  /** One lookup per run of words answers both "which terms end here" and "can the run grow". */
  readonly entries: ReadonlyMap<string, NgramEntry>;
  /** Longest phrase in words; 0 when the index is empty. */
  readonly maxN: number;
}

interface AffixIndex {
  readonly map: ReadonlyMap<string, readonly number[]>;
  /** Distinct literal lengths, so a word is probed once per length rather than once per term. */
  readonly lengths: readonly number[];
}

export interface CompiledLexicon {
  readonly version: string;
  readonly termCount: number;
  readonly terms: readonly CompiledTerm[];
  readonly exact: NgramIndex;
  readonly stemmed: NgramIndex;
  readonly patPrefix: AffixIndex;
  readonly patSuffix: AffixIndex;
  readonly patInfix: AffixIndex;
}

export interface CompileOptions {
  /** The lexicon version recorded on every result; defaults to a hash of the compiled terms. */
  readonly version?: string;
  /** Statuses to include (default: only 'active'; a dry run may add 'draft'). */
  readonly statuses?: readonly LexiconTerm['status'][];
}

const GLOB_RE = /^(\*?)([^*]+)(\*?)$/;
const MIN_PATTERN_LITERAL = 3;

/** Problems with a term as an editor would report them; empty when the term is valid. */
export function validateTerm(term: LexiconTerm): string[] {
  const problems: string[] = [];
  if (!term.id) problems.push('id is required');
  if (!MATCH_MODES.includes(term.mode)) problems.push(`unknown match mode "${String(term.mode)}"`);
  if (!TERM_STATUSES.includes(term.status)) problems.push(`unknown status "${String(term.status)}"`);
  if (!(term.weight > 0 && term.weight <= 1)) problems.push('weight must be greater than 0 and at most 1');
  if (!term.category) problems.push('category is required');
  if (term.mode === 'pattern') {
    const m = GLOB_RE.exec(term.phrase.trim());
    if (!m || (m[1] === '' && m[3] === '')) {
      problems.push("a pattern is one word with '*' at its start and/or end, e.g. jew* or *phobe");
    } else {
      const words = normaliseWords(m[2] as string);
      if (words.length !== 1) problems.push('a pattern must be a single word');
      else if ((words[0] as string).length < MIN_PATTERN_LITERAL)
        problems.push(`a pattern needs at least ${MIN_PATTERN_LITERAL} letters besides '*'`);
    }
  } else {
    if (term.phrase.includes('*')) problems.push("'*' is only allowed in pattern mode");
    if (normaliseWords(term.phrase).length === 0) problems.push('phrase has no words');
  }
  for (const rule of term.context ?? []) {
    if (rule.kind !== 'suppress-near' && rule.kind !== 'require-near') problems.push('unknown context rule');
    if (rule.words.length === 0) problems.push('a context rule needs at least one word');
    if (rule.window !== undefined && !(Number.isInteger(rule.window) && rule.window >= 0))
      problems.push('a context window is a whole number of words');
  }
  return problems;
}

function compileRule(rule: ContextRule): CompiledRule {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of rule.words) {
    const isPrefix = raw.trim().endsWith('*');
    for (const w of normaliseWords(raw)) {
      if (isPrefix) prefixes.push(w);
      else words.add(w);
    }
  }
  const reason =
    rule.kind === 'suppress-near'
      ? (rule.reason ?? `near "${rule.words.join('", "')}"`)
      : `no "${rule.words.join('", "')}" nearby`;
  return { kind: rule.kind, words, prefixes, window: rule.window, reason };
}

function addNgram(entries: Map<string, NgramEntry>, words: string[], idx: number): number {
  const entry = (key: string): NgramEntry => {
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { hits: [], prefix: false }));
    return e;
  };
  let p = words[0] as string;
  for (let k = 1; k < words.length; k++) {
    entry(p).prefix = true;
    p += ' ' + (words[k] as string);
  }
  entry(p).hits.push(idx);
  return words.length;
}

function addAffix(map: Map<string, number[]>, lengths: Set<number>, literal: string, idx: number): void {
  const list = map.get(literal);
  if (list) list.push(idx);
  else map.set(literal, [idx]);
  lengths.add(literal.length);
}

function hashTerms(terms: readonly LexiconTerm[]): string {
  // FNV-1a over a stable rendering of what affects matching.
  let h = 0x811c9dc5;
  for (const t of terms) {
    const s = `${t.id}\u0000${t.phrase}\u0000${t.mode}\u0000${t.weight}\u0000${t.category}\u0000${JSON.stringify(t.context ?? [])}\u0001`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return `lex-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** Build the immutable matcher for one lexicon version. Invalid terms throw `invalid_input`. */
export function compileLexicon(terms: readonly LexiconTerm[], options: CompileOptions = {}): CompiledLexicon {
  const statuses = options.statuses ?? ['active'];
  const chosen = terms.filter((t) => statuses.includes(t.status));
  const compiled: CompiledTerm[] = [];
  const exact = new Map<string, NgramEntry>();
  const stemmed = new Map<string, NgramEntry>();
  const pre = new Map<string, number[]>();
  const suf = new Map<string, number[]>();
  const inf = new Map<string, number[]>();
  const preLens = new Set<number>();
  const sufLens = new Set<number>();
  const infLens = new Set<number>();
  let maxExact = 0;
  let maxStem = 0;

  for (const term of chosen) {
    const problems = validateTerm(term);
    if (problems.length > 0) {
      throw new DomainError('invalid_input', `Lexicon term ${term.id}: ${problems.join('; ')}`, {
        termId: term.id,
        problems,
      });
    }
    const idx = compiled.length;
    compiled.push({
      id: term.id,
      phrase: term.phrase,
      mode: term.mode,
      weight: term.weight,
      category: term.category,
      rules: (term.context ?? []).map(compileRule),
    });
    if (term.mode === 'pattern') {
      const m = GLOB_RE.exec(term.phrase.trim()) as RegExpExecArray;
      const literal = normaliseWords(m[2] as string)[0] as string;
      const leading = m[1] === '*';
      const trailing = m[3] === '*';
      if (leading && trailing) addAffix(inf, infLens, literal, idx);
      else if (trailing) addAffix(pre, preLens, literal, idx);
      else addAffix(suf, sufLens, literal, idx);
    } else if (term.mode === 'stem') {
      const words = normaliseWords(term.phrase).map(stem);
      maxStem = Math.max(maxStem, addNgram(stemmed, words, idx));
    } else {
      maxExact = Math.max(maxExact, addNgram(exact, normaliseWords(term.phrase), idx));
    }
  }

  const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
  return Object.freeze({
    version: options.version ?? hashTerms(chosen),
    termCount: compiled.length,
    terms: Object.freeze(compiled),
    exact: { entries: exact, maxN: maxExact },
    stemmed: { entries: stemmed, maxN: maxStem },
    patPrefix: { map: pre, lengths: sorted(preLens) },
    patSuffix: { map: suf, lengths: sorted(sufLens) },
    patInfix: { map: inf, lengths: sorted(infLens) },
  });
}

/**
 * A holder for the current compiled lexicon: workers read `current()` per batch and an admin edit
 * swaps in a newly compiled version without a restart. Batches already running keep the version
 * they started with, so each score records the version that actually produced it.
 */
export interface LexiconSlot {
  current(): CompiledLexicon;
  swap(next: CompiledLexicon): CompiledLexicon;
}

export function createLexiconSlot(initial: CompiledLexicon): LexiconSlot {
  let value = initial;
  return {
    current: () => value,
    swap(next) {
      const previous = value;
      value = next;
      return previous;
    },
  };
}
