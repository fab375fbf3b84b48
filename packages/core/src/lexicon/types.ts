/**
 * The lexicon model: what an analyst edits. Governance fields (owner, rationale, review date) are
 * carried through untouched; the matcher only reads phrase, mode, weight, category and context.
 */

export const MATCH_MODES = ['word', 'phrase', 'stem', 'pattern'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export const TERM_STATUSES = ['active', 'draft', 'retired'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

/**
 * Context rules. Words are normalised like the text; a trailing '*' makes a word a prefix
 * ("condemn*" covers condemns, condemned, condemnation).
 * - `suppress-near`: the match is kept for the record but scores nothing when any of `words` occurs
 *   within `window` words before or after it (counter-speech, news reporting, quoting).
 * - `require-near`: the match scores only when one of `words` also occurs within `window` words
 *   (anywhere in the text when `window` is omitted).
 */
export type ContextRule =
  | {
      readonly kind: 'suppress-near';
      readonly words: readonly string[];
      readonly window: number;
      readonly reason?: string;
    }
  | { readonly kind: 'require-near'; readonly words: readonly string[]; readonly window?: number };

export interface LexiconTerm {
  readonly id: string;
  /** A word or phrase; for `pattern` a limited glob: a single word with '*' at its start and/or end. */
  readonly phrase: string;
  readonly mode: MatchMode;
  /** Strength of the evidence, 0 < weight ≤ 1. */
  readonly weight: number;
  /** Theme, e.g. 'antisemitism', 'great-replacement'. */
  readonly category: string;
  readonly language?: string;
  readonly context?: readonly ContextRule[];
  readonly status: TermStatus;
  readonly owner?: string;
  readonly rationale?: string;
  readonly reviewDate?: string;
}

export interface LexiconMatch {
  /** UTF-16 offsets into the ORIGINAL text: `text.slice(start, end)` is what matched. */
  readonly start: number;
  readonly end: number;
  readonly termId: string;
  readonly phrase: string;
  readonly mode: MatchMode;
  readonly category: string;
  readonly weight: number;
  /** Index of the first word and one past the last word matched. */
  readonly tokenStart: number;
  readonly tokenEnd: number;
  /** Why this match scores nothing (a context rule), when it does not. */
  readonly suppressed?: string;
}

export interface LexiconResult {
  readonly lexiconVersion: string;
  readonly matches: LexiconMatch[];
  /** Noisy-OR of the weights of distinct unsuppressed terms, per category (0..1). */
  readonly categoryScores: Record<string, number>;
  /** Noisy-OR over all distinct unsuppressed terms (0..1). */
  readonly score: number;
}
