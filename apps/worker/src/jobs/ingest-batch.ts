import { ingestBatchJob } from '@counterpoint/core';
import { ingestBatch, sourceForIngest, unscoredItemIdsFor } from '@counterpoint/db';
import { captureSecrets } from '../pipeline/secrets.js';
import { prepareBatchInSlices } from '../pipeline/prepare.js';
import { currentScorer, scoreText } from '../scoring/scorer.js';
import { defineHandler, PermanentJobError } from './types.js';

/**
 * Normalise, pseudonymise and score one batch, then store items, scores and signals in one
 * transaction. Scoring runs here, on the texts already in hand, before the transaction takes the
 * ingest lock. Safe to retry: the write is idempotent on (source, external id), and items and
 * their scores are stored together. A retry still queues `score-items` for any of the batch's
 * items stored unscored (when no lexicon was active, or by an older worker that scored later).
 */
export const ingestBatchHandler = defineHandler({
  contract: ingestBatchJob,
  async handle(payload, { db, config, logger, enqueue, job }) {
    const [source, scorer] = await Promise.all([
      sourceForIngest(db, payload.sourceId),
      currentScorer(db, logger),
    ]);
    if (!source) throw new PermanentJobError(`Source ${payload.sourceId} no longer exists`);
    const prepared = await prepareBatchInSlices(payload.items, {
      ...captureSecrets(config),
      sourceDistricts: source.districtIds,
      ...(source.url ? { baseUrl: source.url } : {}),
      ...(scorer ? { score: (item) => scoreText(scorer, item) } : {}),
    });
    if (prepared.rejected.length > 0) {
      logger.warn(
        { sourceId: source.id, rejected: prepared.rejected.slice(0, 20), count: prepared.rejected.length },
        'items refused at normalisation',
      );
    }
    const result = await ingestBatch(db, {
      sourceId: source.id,
      items: prepared.items,
      ...(payload.receivedAt ? { collectedAt: new Date(payload.receivedAt) } : {}),
    });
    if (result.signalsCreated.length > 0)
      logger.info({ signals: result.signalsCreated.length }, 'new signals');
    if (job.attempt > 1) {
      const missed = await unscoredItemIdsFor(
        db,
        source.id,
        prepared.items.map((i) => i.externalId),
      );
      if (missed.length > 0) await enqueue('score-items', { itemIds: missed });
    }
    return {
      inserted: result.inserted,
      duplicates: result.duplicates,
      nearDuplicates: result.nearDuplicates,
      rejected: prepared.rejected.length,
      scored: result.scored,
    };
  },
});
