import { demoReplayJob } from '@counterpoint/core';
import { advanceDemoReplay, demoReplaySource } from '@counterpoint/db';
import { DEMO_POSTS } from '../demo/demo-posts.js';
import { defineHandler } from './types.js';

/** Posts released per run; with a run every 15 s the whole demo feed arrives in about three minutes. */
const PER_RUN = 4;

/**
 * Releases the next few demo posts through the real ingest path. The position is kept on the demo
 * source, so a restart carries on where it left off and a finished replay does nothing at all.
 * Without a demo source (a real workspace) the job is a no-op.
 */
export const demoReplayHandler = defineHandler({
  contract: demoReplayJob,
  schedule: { everyMs: 15_000, payload: {} },
  async handle(_payload, { db, enqueue, now }) {
    const source = await demoReplaySource(db);
    if (!source || source.position >= DEMO_POSTS.length) return { released: 0 };
    const next = DEMO_POSTS.slice(source.position, source.position + PER_RUN);
    const to = source.position + next.length;
    // Claim the posts first: a concurrent run that loses the compare-and-set releases nothing.
    if (!(await advanceDemoReplay(db, source.id, source.position, to))) return { released: 0 };
    const at = now().toISOString();
    await enqueue(
      'ingest-batch',
      {
        sourceId: source.id,
        receivedAt: at,
        items: next.map((post) => ({
          platform: 'demo',
          externalId: post.id,
          text: post.text,
          language: 'en',
          publishedAt: at,
          author: { handle: post.author, displayName: post.name },
        })),
      },
      { jobId: `demo-${source.id}-${source.position}` },
    );
    return { released: next.length, position: to };
  },
});
