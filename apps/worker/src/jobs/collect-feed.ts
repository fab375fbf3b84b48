import { MAX_INGEST_BATCH, type FeedEntry, type JobPort } from '@counterpoint/core';
import type { RawItem } from '@counterpoint/core/normalise/index';

/** A parsed feed entry as a raw item for ingestion (normalised, pseudonymised there). */
export function feedEntryToRawItem(entry: FeedEntry): RawItem {
  const author = entry.author;
  return {
    platform: 'rss',
    externalId: entry.externalId,
    url: entry.url ?? null,
    title: entry.title ?? null,
    // The HTML when there is some: normalisation keeps image addresses from it as media.
    html: entry.html ?? null,
    text: entry.text || null,
    publishedAt: entry.publishedAt ?? null,
    author:
      author && (author.handle || author.name || author.url)
        ? {
            handle: author.handle ?? null,
            displayName: author.name ?? null,
            profileUrl: author.url ?? null,
          }
        : null,
    mediaUrls: entry.mediaUrls,
  };
}

/** Queues raw items for ingestion in batches of at most MAX_INGEST_BATCH; resolves once all are queued. */
export async function enqueueInBatches(
  enqueue: JobPort['enqueue'],
  sourceId: string,
  items: readonly unknown[],
  receivedAt: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += MAX_INGEST_BATCH) {
    ids.push(
      await enqueue('ingest-batch', {
        sourceId,
        items: items.slice(i, i + MAX_INGEST_BATCH),
        receivedAt: receivedAt.toISOString(),
      }),
    );
  }
  return ids;
}
