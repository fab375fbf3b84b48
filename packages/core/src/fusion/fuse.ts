import { DomainError } from '../errors/errors.js';
import type { LexiconResult } from '../lexicon/types.js';

/**
 * Fusion of lexicon evidence and classifier probability into one 0–100 score and a band.
 *
 * Formula (a weighted noisy-OR, so each source can only add evidence and the result stays in 0..1):
 *
 *     L = lexicon score: noisy-OR of the weights of distinct unsuppressed matched terms, 1 − Π(1 − wᵢ)
 *     P = classifier probability that the text is relevant (1 − probability of the negative labels)
 *     s = 1 − (1 − a·L) · (1 − b·P)        with a = weights.lexicon, b = weights.classifier
 *     s = L                                 when no classifier model is active yet
 *     score = round(100 · s)
 *
 * With the defaults (a = 0.6, b = 0.8) a lexicon hit alone reaches at most 60, a confident classifier
 * alone at most 80, and agreement of both up to 92: either source can put an item in front of a
 * person, and agreement puts it higher in the queue. Scores only ORDER the triage queue; a person
 * decides. Bands: score ≥ thresholds.signal → 'signal' (enters triage); ≥ thresholds.uncertain →
 * 'uncertain' (enters triage flagged for a second look); otherwise 'below' (kept for trends only).
 */

export type Band = 'signal' | 'uncertain' | 'below';

export interface FusionThresholds {
  /** 0..100, strictly greater than `uncertain`. */
  readonly signal: number;
  readonly uncertain: number;
}

export interface FusionWeights {
  readonly lexicon: number;
  readonly classifier: number;
}

export const DEFAULT_THRESHOLDS: FusionThresholds = Object.freeze({ signal: 60, uncertain: 35 });
export const DEFAULT_WEIGHTS: FusionWeights = Object.freeze({ lexicon: 0.6, classifier: 0.8 });

export interface ClassifierEvidence {
  readonly modelVersion: string;
  readonly label: string;
  /** Probability that the text is relevant, 0..1. */
  readonly probability: number;
  readonly probabilities?: Readonly<Record<string, number>>;
  readonly topFeatures: readonly { readonly feature: string; readonly weight: number }[];
}

export interface FusionInput {
  readonly lexicon: LexiconResult;
  readonly classifier?: ClassifierEvidence;
  readonly thresholds?: FusionThresholds;
  readonly weights?: FusionWeights;
}

export interface ScoreExplanation {
  readonly formula: string;
  readonly lexiconVersion: string;
  readonly modelVersion: string | null;
  readonly thresholds: FusionThresholds;
  readonly weights: FusionWeights;
  readonly lexiconScore: number;
  readonly categoryScores: Readonly<Record<string, number>>;
  readonly classifierProbability: number | null;
  readonly classifierLabel: string | null;
  readonly spans: readonly {
    readonly start: number;
    readonly end: number;
    readonly termId: string;
    readonly phrase: string;
    readonly category: string;
    readonly weight: number;
    readonly suppressed?: string;
  }[];
  readonly topFeatures: readonly { readonly feature: string; readonly weight: number }[];
}

export interface FusedScore {
  readonly score: number;
  readonly band: Band;
  readonly explanation: ScoreExplanation;
}

export function validateThresholds(t: FusionThresholds): void {
  const ok =
    Number.isFinite(t.signal) &&
    Number.isFinite(t.uncertain) &&
    t.uncertain >= 0 &&
    t.signal <= 100 &&
    t.signal > t.uncertain;
  if (!ok) {
    throw new DomainError('invalid_input', 'Thresholds need 0 ≤ uncertain < signal ≤ 100', { ...t });
  }
}

export function bandFor(score: number, t: FusionThresholds): Band {
  if (score >= t.signal) return 'signal';
  if (score >= t.uncertain) return 'uncertain';
  return 'below';
}

/** Probability of "relevant" from a multi-class prediction: 1 − the probability of the negative labels. */
export function relevantProbability(
  probabilities: Readonly<Record<string, number>>,
  negativeLabels: readonly string[],
): number {
  let neg = 0;
  for (const l of negativeLabels) neg += probabilities[l] ?? 0;
  return Math.min(1, Math.max(0, 1 - neg));
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

export function fuseScore(input: FusionInput): FusedScore {
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const weights = input.weights ?? DEFAULT_WEIGHTS;
  validateThresholds(thresholds);
  const L = clamp01(input.lexicon.score);
  const c = input.classifier;
  const s =
    c === undefined ? L : 1 - (1 - weights.lexicon * L) * (1 - weights.classifier * clamp01(c.probability));
  const score = Math.round(100 * clamp01(s));
  return {
    score,
    band: bandFor(score, thresholds),
    explanation: {
      formula:
        c === undefined
          ? 'score = round(100 × L)'
          : `score = round(100 × (1 − (1 − ${weights.lexicon}·L)(1 − ${weights.classifier}·P)))`,
      lexiconVersion: input.lexicon.lexiconVersion,
      modelVersion: c?.modelVersion ?? null,
      thresholds,
      weights,
      lexiconScore: L,
      categoryScores: input.lexicon.categoryScores,
      classifierProbability: c === undefined ? null : clamp01(c.probability),
      classifierLabel: c?.label ?? null,
      spans: input.lexicon.matches.map((m) => ({
        start: m.start,
        end: m.end,
        termId: m.termId,
        phrase: m.phrase,
        category: m.category,
        weight: m.weight,
        ...(m.suppressed === undefined ? {} : { suppressed: m.suppressed }),
      })),
      topFeatures: c?.topFeatures ?? [],
    },
  };
}
