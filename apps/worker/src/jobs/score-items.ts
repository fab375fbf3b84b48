import { priorityOf, scoreItemsJob } from '@counterpoint/core';
import { detectItemLanguage } from '@counterpoint/core/normalise/index';
import { itemsToScore, storeScores, type NewScore } from '@counterpoint/db';
import { currentScorer, scoreText } from '../scoring/scorer.js';
import { defineHandler } from './types.js';

/**
 * Re-scores stored items (a new lexicon version or model, or items an earlier ingest stored
 * unscored) with the active lexicon and, when a supervisor has made one active, the classifier;
 * finds the districts the text names; stores scores, districts and signals in one transaction.
 * New items are scored by the ingest job itself, in the transaction that stores them.
 */
export const scoreItemsHandler = defineHandler({
  contract: scoreItemsJob,
  async handle(payload, { db, logger }) {
    const [scorer, items] = await Promise.all([currentScorer(db, logger), itemsToScore(db, payload.itemIds)]);
    if (!scorer) return { scored: 0 };
    const rows: NewScore[] = items.map((item) => {
      const draft = scoreText(scorer, item);
      return {
        ...draft,
        itemId: item.id,
        clusterId: item.clusterId,
        priority: priorityOf(draft.score, item.clusterSize, draft.band === 'uncertain'),
        // Ingest detects language only for items that may become signals: one that now may, gets it.
        ...(item.language === null && draft.band !== 'below'
          ? { itemLanguage: detectItemLanguage(item) }
          : {}),
      };
    });
    const stored = await storeScores(db, rows);
    if (stored.signalsCreated.length > 0)
      logger.info({ signals: stored.signalsCreated.length }, 'new signals');
    return stored;
  },
});
