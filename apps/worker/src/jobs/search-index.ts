import { searchIndexJob } from '@counterpoint/core';
import { fillSignalSearchIndex } from '@counterpoint/db';
import { defineHandler } from './types.js';

const BATCH = 2000;
const DEFAULT_BUDGET_MS = 10_000;

// How far this process knows the index to be complete: later runs look only at newer signals (a
// primary-key range) instead of re-checking every signal. A signal committed late with an id below
// that point would be passed over, so every ten minutes a run starts again from the first signal.
let completeUpTo: string | null = null;
let fullPassAt = 0;
const FULL_PASS_MS = 10 * 60_000;

/**
 * The full-text vectors of signals' items, filled off the ingest path every 30 seconds
 * (docs/performance.md, "Search stays fresh"): a new signal is searchable within about half a
 * minute even when nobody searches (a search also tops the index up first), and ingest never
 * pays for `to_tsvector` or the GIN index. Stops after its time budget; the next run continues.
 */
export const searchIndexHandler = defineHandler({
  contract: searchIndexJob,
  schedule: { everyMs: 30_000, payload: {} },
  async handle(payload, { db, logger }) {
    const started = performance.now();
    const budget = payload.budgetMs ?? DEFAULT_BUDGET_MS;
    if (Date.now() - fullPassAt > FULL_PASS_MS) {
      completeUpTo = null;
      fullPassAt = Date.now();
    }
    let after = completeUpTo;
    let indexed = 0;
    for (;;) {
      const { filled, upTo } = await fillSignalSearchIndex(db, { batch: BATCH, after });
      indexed += filled;
      after = upTo;
      if (filled < BATCH) {
        completeUpTo = upTo;
        break;
      }
      if (performance.now() - started > budget) break;
    }
    if (indexed > 0)
      logger.info({ indexed, ms: Math.round(performance.now() - started) }, 'search index filled');
    return { indexed };
  },
});
