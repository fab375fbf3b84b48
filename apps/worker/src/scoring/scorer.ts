import {
  districtsMentioned,
  fuseScore,
  matchText,
  predict,
  relevantProbability,
  DEFAULT_THRESHOLDS,
  type ClassifierEvidence,
  type CompiledGazetteer,
  type CompiledLexicon,
} from '@counterpoint/core';
import type { Db, ScoreDraft } from '@counterpoint/db';
import type { Logger } from '../logger.js';
import { currentGazetteer } from './gazetteer-cache.js';
import { currentLexicon } from './lexicon-cache.js';
import { currentModel, type LoadedModel } from './model-cache.js';

/** What scoring a text needs: the active lexicon, the active classifier if any, the gazetteer. */
export interface Scorer {
  lexicon: CompiledLexicon;
  model: LoadedModel | null;
  gazetteer: CompiledGazetteer;
}

/** The scorer as of now, or null when no lexicon is active (items then stay unscored). */
export async function currentScorer(db: Db, logger: Logger): Promise<Scorer | null> {
  const lexicon = await currentLexicon(db, logger);
  if (!lexicon) {
    logger.warn('no active lexicon: items stay unscored until one is published');
    return null;
  }
  const [model, gazetteer] = await Promise.all([currentModel(db, logger), currentGazetteer(db)]);
  return { lexicon, model, gazetteer };
}

/**
 * Scores one item's text with the lexicon and, when one is active, the classifier, and finds the
 * districts it names. Pure CPU: the ingest job runs it before its transaction, the re-scoring job
 * on items read back.
 */
export function scoreText(scorer: Scorer, item: { title: string | null; text: string }): ScoreDraft {
  const { lexicon, model, gazetteer } = scorer;
  const field = item.text ? 'text' : 'title';
  const text = item.text || item.title || '';
  const lexResult = matchText(lexicon, text);
  let classifier: ClassifierEvidence | undefined;
  if (model) {
    const p = predict(model.model, text, 8);
    classifier = {
      modelVersion: model.id,
      label: p.label,
      probability: relevantProbability(p.probabilities, model.negativeLabels),
      probabilities: p.probabilities,
      topFeatures: p.topFeatures,
    };
  }
  const fused = fuseScore({
    lexicon: lexResult,
    thresholds: DEFAULT_THRESHOLDS,
    ...(classifier ? { classifier } : {}),
  });
  const top = Object.entries(lexResult.categoryScores).sort((a, b) => b[1] - a[1])[0];
  const modelCategory =
    classifier && !model!.negativeLabels.includes(classifier.label) && classifier.label !== 'relevant'
      ? classifier.label
      : null;
  const placeText = item.title && item.text ? `${item.title}\n${item.text}` : text;
  return {
    lexiconVersionId: lexicon.version,
    modelId: model?.id ?? null,
    lexiconScore: lexResult.score,
    classifierProbability: fused.explanation.classifierProbability,
    category: top && top[1] > 0 ? top[0] : modelCategory,
    score: fused.score,
    band: fused.band,
    thresholds: fused.explanation.thresholds,
    evidence: fused.explanation.spans.map((s) => ({ ...s, field })),
    features: {
      explanation: fused.explanation,
      ...(classifier
        ? {
            classifier: {
              modelId: model!.id,
              modelVersion: model!.version,
              label: classifier.label,
              probabilities: classifier.probabilities,
              topFeatures: classifier.topFeatures,
            },
          }
        : {}),
    },
    districtIds: districtsMentioned(gazetteer, placeText),
  };
}
