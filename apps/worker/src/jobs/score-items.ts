import { fuseScore, matchText, scoreItemsJob, DEFAULT_THRESHOLDS } from '@counterpoint/core';
import { itemsToScore, storeScores, type NewScore } from '@counterpoint/db';
import { currentLexicon } from '../scoring/lexicon-cache.js';
import { defineHandler } from './types.js';

/**
 * Queue order: the score leads; a larger near-duplicate cluster (the same post spreading) and an
 * uncertain band (worth a second look soon) lift it a little. Recency is applied at read time.
 */
export function priorityOf(score: number, clusterSize: number, uncertain: boolean): number {
  return score + Math.min(10, 3 * Math.log2(Math.max(1, clusterSize))) + (uncertain ? 2 : 0);
}

/** Scores items with the active lexicon and stores scores and signals in one bulk write. */
export const scoreItemsHandler = defineHandler({
  contract: scoreItemsJob,
  async handle(payload, { db, logger }) {
    const lexicon = await currentLexicon(db, logger);
    if (!lexicon) {
      logger.warn('no active lexicon: items stay unscored until one is published');
      return { scored: 0 };
    }
    const items = await itemsToScore(db, payload.itemIds);
    const rows: NewScore[] = items.map((item) => {
      const field = item.text ? 'text' : 'title';
      const text = item.text || item.title || '';
      const lexResult = matchText(lexicon, text);
      const fused = fuseScore({ lexicon: lexResult, thresholds: DEFAULT_THRESHOLDS });
      const top = Object.entries(lexResult.categoryScores).sort((a, b) => b[1] - a[1])[0];
      return {
        itemId: item.id,
        clusterId: item.clusterId,
        lexiconVersionId: lexicon.version,
        modelId: null,
        lexiconScore: lexResult.score,
        classifierProbability: null,
        category: top && top[1] > 0 ? top[0] : null,
        score: fused.score,
        band: fused.band,
        thresholds: fused.explanation.thresholds,
        evidence: fused.explanation.spans.map((s) => ({ ...s, field })),
        features: { explanation: fused.explanation },
        priority: priorityOf(fused.score, item.clusterSize, fused.band === 'uncertain'),
      };
    });
    const stored = await storeScores(db, rows);
    if (stored.signalsCreated.length > 0)
      logger.info({ signals: stored.signalsCreated.length }, 'new signals');
    return stored;
  },
});
