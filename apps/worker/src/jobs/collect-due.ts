import { collectDueJob } from '@counterpoint/core';
import { dueSources } from '@counterpoint/db';
import { defineHandler } from './types.js';

const MINUTE_MS = 60_000;

/**
 * The job id of one source's collection in one slot of its schedule. Enqueueing the same id again
 * while that job waits or runs is a no-op, so a slow feed, a late worker or several schedulers
 * firing at once cannot pile up collections of one source.
 */
export function collectJobId(sourceId: string, intervalMinutes: number, now: Date): string {
  const slot = Math.floor(now.getTime() / (Math.max(1, intervalMinutes) * MINUTE_MS));
  return `collect-${sourceId}-${slot}`;
}

/** Every minute, queue a collection for each source whose interval has passed. */
export const collectDueHandler = defineHandler({
  contract: collectDueJob,
  schedule: { everyMs: MINUTE_MS, payload: {} },
  async handle(_payload, { db, enqueue, now, logger }) {
    const at = now();
    const due = await dueSources(db, at);
    for (const source of due) {
      await enqueue(
        'collect-source',
        { sourceId: source.id },
        { jobId: collectJobId(source.id, source.intervalMinutes, at) },
      );
    }
    if (due.length > 0) logger.info({ due: due.length }, 'collections queued');
    return { queued: due.length };
  },
});
