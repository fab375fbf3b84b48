import { matchText, type CompiledLexicon } from '@counterpoint/core';
import { getSourceCursor, setSourceCursor, type Db } from '@counterpoint/db';
import type { JobPort } from '@counterpoint/core';
import { JetstreamConsumer, type JetstreamOptions } from './jetstream.js';
import { enqueueIngestBatches } from './mastodon-collect.js';

/** Keeps a post when the lexicon finds at least one term in it that no context rule suppressed. */
export function lexiconPrefilter(lexicon: CompiledLexicon): (text: string) => boolean {
  return (text) => matchText(lexicon, text).matches.some((m) => m.suppressed === undefined);
}

/**
 * A Jetstream consumer for one Bluesky source: batches go to the ingest queue, and the source's
 * cursor column holds the time_us to resume from once they are queued.
 */
export function jetstreamForSource(
  db: Db,
  enqueue: JobPort['enqueue'],
  sourceId: string,
  options: Omit<JetstreamOptions, 'onBatch' | 'loadCursor' | 'saveCursor'>,
): JetstreamConsumer {
  return new JetstreamConsumer({
    ...options,
    loadCursor: async () => (await getSourceCursor(db, sourceId)) ?? null,
    saveCursor: async (cursor) => {
      if (!(await setSourceCursor(db, sourceId, cursor)))
        throw new Error(`Source ${sourceId} no longer exists`);
    },
    onBatch: async (items) => {
      await enqueueIngestBatches(enqueue, sourceId, items);
    },
  });
}
