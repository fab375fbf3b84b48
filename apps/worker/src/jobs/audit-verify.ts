import { auditVerifyJob } from '@counterpoint/core';
import { mutate, SYSTEM_ACTOR, verifyAuditChain } from '@counterpoint/db';
import { defineHandler } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Walks the audit chain and writes the verdict into the chain itself, so the trail shows when it
 * was last checked and what was found. A broken chain is reported loudly but is not a job failure:
 * retrying would find the same thing.
 */
export const auditVerify = defineHandler({
  contract: auditVerifyJob,
  schedule: { everyMs: DAY_MS, payload: {} },
  async handle(_payload, { db, logger, now }) {
    const verdict = await verifyAuditChain(db);
    if (verdict.ok) logger.info({ rows: verdict.rows }, 'audit chain verified');
    else logger.error({ rows: verdict.rows, brokenAt: verdict.brokenAt }, 'audit chain is BROKEN');
    const at = now();
    await mutate(db, SYSTEM_ACTOR, () =>
      Promise.resolve({
        result: undefined,
        audit: {
          action: 'audit.verified',
          entityType: 'audit_log',
          entityId: 'chain',
          change: {
            ok: verdict.ok,
            rows: verdict.rows,
            at: at.toISOString(),
            ...(verdict.ok ? {} : { brokenAt: verdict.brokenAt }),
          },
        },
      }),
    );
    return verdict;
  },
});
