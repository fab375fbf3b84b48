import { narrativesRefreshJob } from '@counterpoint/core';
import { refreshNarrativeStatuses } from '@counterpoint/db';
import { defineHandler } from './types.js';

const HOUR_MS = 60 * 60 * 1000;

/** Hourly: narratives whose status time has changed get it stored, each change audited as system. */
export const narrativesRefreshHandler = defineHandler({
  contract: narrativesRefreshJob,
  schedule: { everyMs: HOUR_MS, payload: {} },
  async handle(_payload, { db, logger, now }) {
    const changed = await refreshNarrativeStatuses(db, { now: now() });
    if (changed > 0) logger.info({ changed }, 'narrative statuses refreshed');
    return { changed };
  },
});
