import { MAX_INGEST_BATCH, type JobPort } from '@counterpoint/core';
import type { RawItem } from '@counterpoint/core/normalise/index';
import { setSourceCursor, type Db } from '@counterpoint/db';
import {
  collectMastodon,
  MastodonError,
  type MastodonDeps,
  type MastodonResult,
  type MastodonSource,
} from './mastodon.js';

/**
 * Hands raw items to ingest in batches of at most MAX_INGEST_BATCH (jobs carry batches, never one
 * item each). Resolves once every batch is queued, which is when a caller may move its cursor.
 */
export async function enqueueIngestBatches(
  enqueue: JobPort['enqueue'],
  sourceId: string,
  items: readonly RawItem[],
  receivedAt: Date = new Date(),
): Promise<number> {
  let jobs = 0;
  for (let i = 0; i < items.length; i += MAX_INGEST_BATCH) {
    await enqueue('ingest-batch', {
      sourceId,
      items: items.slice(i, i + MAX_INGEST_BATCH),
      receivedAt: receivedAt.toISOString(),
    });
    jobs++;
  }
  return jobs;
}

/** A Mastodon source as stored: `url` is the instance, `query` the hashtag or account. */
export interface MastodonSourceRow {
  url: string | null;
  query: string | null;
  config: Record<string, unknown>;
}

/**
 * Reads a source row's settings. `config.timeline` is 'hashtag' or 'account'; without it a query
 * starting with @ (or holding one, user@host) is an account and anything else a hashtag.
 */
export function mastodonSourceFromRow(row: MastodonSourceRow): MastodonSource {
  if (!row.url) throw new MastodonError('bad_source', 'The source has no Mastodon instance address');
  const query = (row.query ?? '').trim();
  if (!query) throw new MastodonError('bad_source', 'The source names no hashtag or account to follow');
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const kind = str(row.config.timeline) ?? (query.includes('@') ? 'account' : 'hashtag');
  if (kind !== 'hashtag' && kind !== 'account') {
    throw new MastodonError('bad_source', `"${kind}" is not a Mastodon timeline (use hashtag or account)`);
  }
  return {
    instanceUrl: row.url,
    timeline:
      kind === 'hashtag'
        ? { kind, hashtag: query }
        : { kind, acct: query, accountId: str(row.config.accountId) },
    accessToken: str(row.config.accessToken),
  };
}

export interface MastodonCollectOutcome extends Omit<MastodonResult, 'items'> {
  collected: number;
  jobs: number;
}

/**
 * One collection run: read the timeline, queue the statuses for ingest, and only then store the
 * new cursor. A crash in between means the next run reads those statuses again, which ingest
 * absorbs (it is idempotent on source and external id); the opposite order could lose them.
 */
export async function collectMastodonSource(
  db: Db,
  enqueue: JobPort['enqueue'],
  sourceId: string,
  source: MastodonSource,
  cursor: string | null,
  deps: MastodonDeps,
): Promise<MastodonCollectOutcome> {
  const result = await collectMastodon(source, { sinceId: cursor }, deps);
  const jobs = await enqueueIngestBatches(enqueue, sourceId, result.items);
  if (result.cursor !== cursor) await setSourceCursor(db, sourceId, result.cursor);
  const { items, ...rest } = result;
  return { ...rest, collected: items.length, jobs };
}
