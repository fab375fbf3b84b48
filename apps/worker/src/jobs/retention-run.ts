import { RETENTION_TREND_WINDOW_DAYS, retentionRunJob, totalOf } from '@counterpoint/core';
import { currentRetentionPlan, executeRetentionRun, SYSTEM_ACTOR } from '@counterpoint/db';
import { defineHandler } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily retention run (and the one Admin starts): applies the stored policies as of now, in
 * batches, and leaves its receipt in retention_runs and the audit trail. Running it again the
 * same day finds nothing left to do.
 */
export const retentionRunHandler = defineHandler({
  contract: retentionRunJob,
  schedule: { everyMs: DAY_MS, payload: {} },
  async handle(payload, { db, logger, now }) {
    const plan = await currentRetentionPlan(db, now(), RETENTION_TREND_WINDOW_DAYS);
    const receipt = await executeRetentionRun(db, {
      actor: SYSTEM_ACTOR,
      plan,
      runId: payload.runId,
      onProgress: (done, planned) =>
        logger.debug({ done: totalOf(done), planned: totalOf(planned) }, 'retention progress'),
    });
    logger.info(
      { runId: receipt.runId, counts: receipt.counts, cutoffs: plan.cutoffs },
      'retention run done',
    );
    return receipt;
  },
});
