import { auditVerifyJob } from '@counterpoint/core';
import { runAuditVerification, SYSTEM_ACTOR } from '@counterpoint/db';
import { defineHandler } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Walks the audit chain with its progress stored for the audit page, and writes the verdict into
 * audit_verifications and into the chain itself, so the trail shows when it was last checked and
 * what was found. A broken chain is reported loudly but is not a job failure: retrying would find
 * the same thing. An error (the database gone) fails the attempt; the walk's row says so.
 */
export const auditVerify = defineHandler({
  contract: auditVerifyJob,
  schedule: { everyMs: DAY_MS, payload: {} },
  async handle(payload, { db, logger, now }) {
    const verdict = await runAuditVerification(db, SYSTEM_ACTOR, { id: payload.verificationId, now });
    if (verdict.ok) logger.info({ id: verdict.id, rows: verdict.rows }, 'audit chain verified');
    else
      logger.error(
        { id: verdict.id, rows: verdict.rows, brokenAt: verdict.brokenAt },
        'audit chain is BROKEN',
      );
    return verdict;
  },
});
