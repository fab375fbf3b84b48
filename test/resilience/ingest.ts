import { parseConfig, type QueueName } from '@counterpoint/core';
import type { Db } from '@counterpoint/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS } from '../../apps/worker/dist/jobs/index.js';
import { silentLogger } from '../../apps/worker/dist/logger.js';
import { BullmqRunner } from '../../apps/worker/dist/runtime/bullmq.js';
import { JobMetrics } from '../../apps/worker/dist/runtime/metrics.js';
import { buildRegistry } from '../../apps/worker/dist/runtime/registry.js';
import { count } from '../pipeline/support.js';

/**
 * Bulk ingest for the resilience tests: deterministic posts queued as `ingest-batch` jobs from a
 * producer-only runner (the way the push API queues them), and the checks every test ends with —
 * each post stored once and scored once, and nothing left queued.
 */

const WORDS = Array.from({ length: 4000 }, (_, i) => `w${(i * 7919).toString(36)}x${(i % 97).toString(36)}`);

/** Deterministic, unrelated texts: no two are near-duplicates, so every post is its own item. */
export function postText(i: number): string {
  let seed = (i + 1) * 2654435761;
  const words: string[] = [];
  for (let k = 0; k < 18; k++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    words.push(WORDS[seed % WORDS.length]!);
  }
  return `Post ${i}: ${words.join(' ')}.`;
}

/** A runner that only enqueues and inspects: no jobs run in the test process. */
export function producerFor(
  db: Db,
  env: Record<string, string>,
  redis: string,
  prefix: string,
): BullmqRunner {
  return new BullmqRunner({
    registry: buildRegistry(JOBS),
    db,
    config: parseConfig(env),
    logger: silentLogger(),
    metrics: new JobMetrics(),
    redis,
    prefix,
    process: false,
  });
}

/** Queues `total` posts in batches; resolves with the job ids. */
export async function enqueuePosts(
  producer: BullmqRunner,
  sourceId: string,
  total: number,
  batch: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < total; start += batch) {
    const items = Array.from({ length: Math.min(batch, total - start) }, (_, k) => {
      const i = start + k;
      return {
        platform: 'partner',
        externalId: `post-${i}`,
        text: postText(i),
        author: { handle: `a${i % 300}` },
      };
    });
    ids.push(await producer.enqueue('ingest-batch', { sourceId, items }));
  }
  return ids;
}

export const storedCount = (db: Db, sourceId: string) =>
  count(db, `select count(*) n from items where source_id = '${sourceId}'`);

export const unscoredCount = (db: Db, sourceId: string) =>
  count(
    db,
    `select count(*) n from items i where i.source_id = '${sourceId}'
     and not exists (select 1 from scores s where s.item_id = i.id)`,
  );

/** Ingest and scoring jobs still waiting, running or waiting to retry. */
export async function busyJobs(producer: BullmqRunner): Promise<number> {
  const d = await producer.depths();
  return (
    d.ingest.waiting + d.ingest.active + d.ingest.delayed + d.score.waiting + d.score.active + d.score.delayed
  );
}

/** True once every post is stored and scored and no ingest or scoring work is left. */
export async function drained(
  db: Db,
  producer: BullmqRunner,
  sourceId: string,
  total: number,
): Promise<boolean> {
  if ((await storedCount(db, sourceId)) !== total) return false;
  if ((await unscoredCount(db, sourceId)) !== 0) return false;
  return (await busyJobs(producer)) === 0;
}

export async function progress(db: Db, producer: BullmqRunner, sourceId: string): Promise<string> {
  return (
    `stored ${await storedCount(db, sourceId)}, unscored ${await unscoredCount(db, sourceId)}, ` +
    `depths ${JSON.stringify(await producer.depths())}, failures ${JSON.stringify(await producer.failures(5))}`
  );
}

/**
 * The end state every test asks for, read from the tables themselves: `total` items, one per post,
 * and exactly one row in `scores` for each.
 */
export async function onceEach(
  db: Db,
  sourceId: string,
): Promise<{ items: number; distinctPosts: number; scoreRows: number; itemsNotScoredOnce: number }> {
  return {
    items: await storedCount(db, sourceId),
    distinctPosts: await count(
      db,
      `select count(distinct external_id) n from items where source_id = '${sourceId}'`,
    ),
    scoreRows: await count(
      db,
      `select count(*) n from scores s join items i on i.id = s.item_id where i.source_id = '${sourceId}'`,
    ),
    itemsNotScoredOnce: await count(
      db,
      `select count(*) n from items i where i.source_id = '${sourceId}'
       and (select count(*) from scores s where s.item_id = i.id) <> 1`,
    ),
  };
}

/** Ids of the jobs BullMQ holds as running ("active") in these queues. */
export async function activeJobIds(
  redisUrl: string,
  prefix: string,
  queues: readonly QueueName[] = ['ingest', 'score'],
): Promise<string[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const ids: string[] = [];
    for (const name of queues) {
      const queue = new Queue(name, { connection, prefix });
      for (const job of await queue.getActive()) if (job.id) ids.push(`${name}/${job.id}`);
      await queue.close();
    }
    return ids;
  } finally {
    await connection.quit();
  }
}
