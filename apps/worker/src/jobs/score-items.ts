import {
  districtsMentioned,
  fuseScore,
  matchText,
  predict,
  relevantProbability,
  scoreItemsJob,
  DEFAULT_THRESHOLDS,
  type ClassifierEvidence,
} from '@counterpoint/core';
import { itemsToScore, storeScores, type NewScore } from '@counterpoint/db';
import { currentGazetteer } from '../scoring/gazetteer-cache.js';
import { currentLexicon } from '../scoring/lexicon-cache.js';
import { currentModel } from '../scoring/model-cache.js';
import { defineHandler } from './types.js';

/**
 * Queue order: the score leads; a larger near-duplicate cluster (the same post spreading) and an
 * uncertain band (worth a second look soon) lift it a little. Recency is applied at read time.
 */
export function priorityOf(score: number, clusterSize: number, uncertain: boolean): number {
  return score + Math.min(10, 3 * Math.log2(Math.max(1, clusterSize))) + (uncertain ? 2 : 0);
}

/**
 * Scores items with the active lexicon and, when a supervisor has made one active, the classifier;
 * finds the districts the text names; stores scores, districts and signals in one transaction.
 */
export const scoreItemsHandler = defineHandler({
  contract: scoreItemsJob,
  async handle(payload, { db, logger }) {
    const lexicon = await currentLexicon(db, logger);
    if (!lexicon) {
      logger.warn('no active lexicon: items stay unscored until one is published');
      return { scored: 0 };
    }
    const [model, gazetteer, items] = await Promise.all([
      currentModel(db, logger),
      currentGazetteer(db),
      itemsToScore(db, payload.itemIds),
    ]);
    const rows: NewScore[] = items.map((item) => {
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
        itemId: item.id,
        clusterId: item.clusterId,
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
        priority: priorityOf(fused.score, item.clusterSize, fused.band === 'uncertain'),
        districtIds: districtsMentioned(gazetteer, placeText),
      };
    });
    const stored = await storeScores(db, rows);
    if (stored.signalsCreated.length > 0)
      logger.info({ signals: stored.signalsCreated.length }, 'new signals');
    return stored;
  },
});
