import { MAX_INGEST_BATCH } from '@counterpoint/core';
import type { RawItem } from '@counterpoint/core/normalise/index';
import { finishImportJob, recordImportProgress, type Db } from '@counterpoint/db';
import { jobPort } from './jobs.js';

/** The most a file may hold, whatever the server would accept. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** adapter-node refuses larger request bodies before any of our code runs (BODY_SIZE_LIMIT, 512K by default). */
export function bodySizeLimit(env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env.BODY_SIZE_LIMIT ?? '512K').trim();
  if (/^infinity$/i.test(raw)) return Number.POSITIVE_INFINITY;
  const m = /^(\d+)\s*([KMG]?)B?$/i.exec(raw);
  if (!m) return 512 * 1024;
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * unit;
}

/** The largest file accepted: our own cap, or less when the server's body limit is lower (room left for the form). */
export function uploadLimit(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(16 * 1024, Math.min(IMPORT_MAX_BYTES, bodySizeLimit(env) - 32 * 1024));
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  return `${Math.round(n / 1024)} KB`;
}

/**
 * Hands the validated rows to ingestion in batches of at most MAX_INGEST_BATCH (1,000; one `ingest-batch` job each),
 * moving the import's progress on after each batch. Each batch has a job id derived from the
 * import, so running this again after an interruption queues nothing twice.
 */
export async function runImport(
  db: Db,
  importId: string,
  sourceId: string,
  items: readonly RawItem[],
  batchSize = MAX_INGEST_BATCH,
): Promise<void> {
  const port = jobPort();
  const receivedAt = new Date().toISOString();
  let processed = 0;
  try {
    for (let start = 0, n = 0; start < items.length; start += batchSize, n++) {
      const batch = items.slice(start, start + batchSize);
      await port.enqueue(
        'ingest-batch',
        { sourceId, items: batch, receivedAt },
        { jobId: `import-${importId}-${n}` },
      );
      processed += batch.length;
      await recordImportProgress(db, importId, processed);
    }
    await finishImportJob(db, importId, { processed });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    await finishImportJob(db, importId, {
      processed,
      error: `Stopped after ${processed} of ${items.length} rows: the batches could not be queued (${reason}).`,
    });
  }
}
