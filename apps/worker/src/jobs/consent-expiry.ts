import { consentExpiryJob, todayInLondon } from '@counterpoint/core';
import { runConsentReview, SYSTEM_ACTOR } from '@counterpoint/db';
import { defineHandler } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily consent review. "Today" is the London day, so a run just after midnight BST counts
 * the new day. Re-running is harmless: a task is raised once per contact and expiry day.
 */
export const consentExpiryHandler = defineHandler({
  contract: consentExpiryJob,
  schedule: { everyMs: DAY_MS, payload: {} },
  async handle(payload, { db, logger, now }) {
    const today = todayInLondon(now());
    const result = await runConsentReview(db, SYSTEM_ACTOR, today, payload.leadDays);
    logger.info({ today, ...result }, 'consent review done');
    return result;
  },
});
