import { ingestBatchJob } from '@counterpoint/core';
import { ingestBatch, sourceForIngest } from '@counterpoint/db';
import { captureSecrets } from '../pipeline/secrets.js';
import { prepareBatch } from '../pipeline/prepare.js';
import { defineHandler, PermanentJobError } from './types.js';

/**
 * Normalise, pseudonymise and store one batch, then hand the new items to scoring. Safe to retry:
 * the write is idempotent on (source, external id), and a retry after the write re-enqueues scoring
 * for nothing new (already stored items are set aside), while a sweep catches anything unscored.
 */
export const ingestBatchHandler = defineHandler({
  contract: ingestBatchJob,
  async handle(payload, { db, config, logger, enqueue }) {
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
    const result = await ingestBatch(db, { sourceId: source.id, items: prepared.items });
    if (result.insertedIds.length > 0) {
      await enqueue('score-items', { itemIds: result.insertedIds });
    }
    return {
      inserted: result.inserted,
      duplicates: result.duplicates,
      nearDuplicates: result.nearDuplicates,
      rejected: prepared.rejected.length,
    };
  },
});
