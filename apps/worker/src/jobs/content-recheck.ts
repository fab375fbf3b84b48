import { contentRecheckJob, contentStatusFromCheck } from '@counterpoint/core';
import { escalationsDueForRecheck, recordContentCheck } from '@counterpoint/db';
import { FetchError, sharedSafeFetcher } from '../connectors/safe-fetch.js';
import { defineHandler } from './types.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Is a post reported to its platform still online? Each run takes one batch of platform-report
 * escalations (never-checked first, then the stalest) and asks for each link through the safe
 * fetch, so private addresses stay refused, robots.txt is honoured and each host gets its polite
 * share. 404 or 410 records the removal (and when); a 2xx answer records "online"; anything else
 * (5xx, timeouts, a refusal) keeps the status and only notes when it was checked.
 */
export const contentRecheckHandler = defineHandler({
  contract: contentRecheckJob,
  schedule: { everyMs: HOUR_MS, payload: {} },
  async handle(payload, { db, config, logger, now, signal }) {
    const due = await escalationsDueForRecheck(db, { ...payload, now: now() });
    const fetcher = sharedSafeFetcher(config);
    const tally = { removed: 0, online: 0, unchanged: 0, failed: 0 };
    // All at once: the fetcher's per-host gate spaces requests to one platform, while different
    // platforms are asked in parallel.
    await Promise.all(
      due.map(async (e) => {
        if (signal.aborted) return;
        let status: number | undefined;
        let detail: string;
        try {
          const res = await fetcher.fetch(e.contentUrl, { accept: 'text/html, */*;q=0.5' });
          status = res.status;
          detail = `HTTP ${res.status}`;
        } catch (err) {
          if (!(err instanceof FetchError)) throw err;
          status = err.kind === 'http_status' ? err.status : undefined;
          detail = err.message;
          if (status === undefined) tally.failed++;
        }
        const found = contentStatusFromCheck({ status });
        const result = await recordContentCheck(db, e.id, found, now(), detail);
        tally[result]++;
        if (result === 'removed') logger.info({ escalationId: e.id }, 'reported content is no longer online');
      }),
    );
    logger.info({ checked: due.length, ...tally }, 'content re-check done');
    return { checked: due.length, ...tally };
  },
});
