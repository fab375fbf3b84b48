import { ingestBatchJob } from '@counterpoint/core';
import { ingestBatch, sourceForIngest, unscoredItemIdsFor } from '@counterpoint/db';
import { captureSecrets } from '../pipeline/secrets.js';
import { prepareBatch } from '../pipeline/prepare.js';
import { defineHandler, PermanentJobError } from './types.js';

/**
 * Normalise, pseudonymise and store one batch, then hand the new items to scoring. Safe to retry:
 * the write is idempotent on (source, external id), and a retry also queues scoring for any of the
 * batch's items an earlier attempt stored but did not get scored (it died in between).
 */
export const ingestBatchHandler = defineHandler({
  contract: ingestBatchJob,
  async handle(payload, { db, config, logger, enqueue, job }) {
    const source = await sourceForIngest(db, payload.sourceId);
    if (!source) throw new PermanentJobError(`Source ${payload.sourceId} no longer exists`);
    const prepared = prepareBatch(payload.items, {
      ...captureSecrets(config),
      sourceDistricts: source.districtIds,
      ...(source.url ? { baseUrl: source.url } : {}),
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
    let toScore = result.insertedIds;
    if (job.attempt > 1) {
      // An earlier attempt may have stored items and died before queueing their scoring.
      const missed = await unscoredItemIdsFor(
        db,
        source.id,
        prepared.items.map((i) => i.externalId),
      );
      toScore = [...new Set([...toScore, ...missed])];
    }
    if (toScore.length > 0) await enqueue('score-items', { itemIds: toScore });
    return {
      inserted: result.inserted,
      duplicates: result.duplicates,
      nearDuplicates: result.nearDuplicates,
      rejected: prepared.rejected.length,
    };
  },
});
