import { z } from 'zod';
import { defineJob } from '../define.js';

/**
 * The most items one ingest job carries: batches are the unit of work (performance.md §1). A
 * push of up to 1,000 items is one job. Ingest transactions run one at a time under a lock, so
 * the lock's fixed cost per batch is shared by more items: 2,058 against 1,805 posts/s in
 * `bench pipeline` on a quiet machine, with lower latency (docs/performance.md).
 */
export const MAX_INGEST_BATCH = 1000;

/**
 * Normalise, pseudonymise, de-duplicate and store a batch of raw items from one source, then hand
 * the new items to scoring. Raw items are validated item by item inside the handler (a bad item is
 * reported, never fatal to the batch), so the payload only checks the envelope.
 */
export const ingestBatchJob = defineJob({
  name: 'ingest-batch',
  queue: 'ingest',
  payload: z
    .object({
      sourceId: z.string().min(1),
      items: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH),
      /** When the batch arrived (push API, collector): the start of arrival-to-score latency. */
      receivedAt: z.string().datetime().optional(),
    })
    .strict(),
  options: { attempts: 8, backoff: { type: 'exponential', delayMs: 1_000 } },
});
