import { collectSourceJob, isDomainError } from '@counterpoint/core';
import {
  getSource,
  recordCollectFailure,
  recordCollectSuccess,
  type CollectSuccess,
  type Source,
} from '@counterpoint/db';
import { fetchFeed, isFeedConnectorError } from '../connectors/feed.js';
import { collectMastodon, MastodonError } from '../connectors/mastodon.js';
import { mastodonSourceFromRow } from '../connectors/mastodon-collect.js';
import { sharedSafeFetcher } from '../connectors/safe-fetch.js';
import { enqueueInBatches, feedEntryToRawItem } from './collect-feed.js';
import { defineHandler, PermanentJobError, type JobContext } from './types.js';

/** What a connector read from its source: raw items, and the state to store once they are queued. */
interface Collected {
  items: unknown[];
  state: Pick<CollectSuccess, 'etag' | 'lastModified' | 'cursor'>;
  note?: string;
}

type Connector = (source: Source, ctx: JobContext) => Promise<Collected>;

const feedConnector: Connector = async (source, { config }) => {
  const result = await fetchFeed(
    { url: source.url ?? '' },
    { etag: source.etag, lastModified: source.lastModified },
    { fetcher: sharedSafeFetcher(config) },
  );
  return {
    items: result.entries.map(feedEntryToRawItem),
    state: { etag: result.etag ?? null, lastModified: result.lastModified ?? null },
    ...(result.notModified ? { note: 'not modified' } : {}),
  };
};

const mastodonConnector: Connector = async (source, { config, signal }) => {
  const result = await collectMastodon(
    mastodonSourceFromRow(source),
    { sinceId: source.cursor },
    { fetcher: sharedSafeFetcher(config), signal },
  );
  return {
    items: result.items,
    state: { cursor: result.cursor },
    note: result.status,
  };
};

/**
 * The connector for each kind the collector polls. Bluesky sources are read by the long-running
 * Jetstream consumer; push, import and demo sources receive items by other paths.
 */
const CONNECTORS: Partial<Record<Source['kind'], Connector>> = {
  rss: feedConnector,
  mastodon: mastodonConnector,
};

/** A source's failure in words fit for its health panel. */
export function plainCollectError(err: unknown): string {
  if (isFeedConnectorError(err) || err instanceof MastodonError || isDomainError(err)) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  return `The source could not be read (${message || 'unknown error'}).`;
}

/**
 * Collects one source: runs its connector, queues what it read for ingestion in batches, and only
 * then stores the new validators or cursor with the success, so a crash in between re-reads rather
 * than loses (ingestion is idempotent). Anything the connector throws is the source's problem: it is
 * recorded in plain words and the job completes, so a broken feed neither retries forever nor stops
 * a worker (after five in a row the source is paused). Database or queue failures throw, and the
 * job retries with backoff.
 */
export const collectSourceHandler = defineHandler({
  contract: collectSourceJob,
  async handle({ sourceId }, ctx) {
    const { db, enqueue, logger, now } = ctx;
    const source = await getSource(db, sourceId);
    if (!source) throw new PermanentJobError(`Source ${sourceId} no longer exists`);
    if (!source.enabled) return { skipped: 'disabled' };
    if (source.pausedAt) return { skipped: 'paused' };
    const connector = CONNECTORS[source.kind];
    if (!connector) return { skipped: `${source.kind} sources are not polled` };

    const receivedAt = now();
    let collected: Collected;
    try {
      collected = await connector(source, ctx);
    } catch (err) {
      const message = plainCollectError(err);
      const row = await recordCollectFailure(db, source.id, message, { at: receivedAt });
      logger.warn(
        {
          sourceId,
          error: message,
          consecutiveFailures: row.consecutiveFailures,
          paused: row.pausedAt !== null,
        },
        'source collection failed',
      );
      return { failed: message, paused: row.pausedAt !== null };
    }
    const jobs = await enqueueInBatches(enqueue, source.id, collected.items, receivedAt);
    await recordCollectSuccess(db, source.id, {
      at: receivedAt,
      items: collected.items.length,
      ...collected.state,
    });
    logger.info(
      { sourceId, items: collected.items.length, batches: jobs.length, note: collected.note },
      'source collected',
    );
    return { items: collected.items.length, batches: jobs.length };
  },
});
