import { createSource, seedDemo, type Actor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BullmqRunner } from '../../apps/worker/dist/runtime/bullmq.js';
import { captureEnv, deleteRedisPrefix, testRedisUrl, uniquePrefix, waitUntil } from '../pipeline/support.js';
import { WorkerFleet, type JobEvent } from './fleet.js';
import { drained, enqueuePosts, onceEach, producerFor, progress } from './ingest.js';

/**
 * "Two worker processes on one queue → no item processed twice." The writes are idempotent, so a
 * batch run twice would leave the same rows; the test therefore watches the processing itself,
 * from two sides that do not depend on each other:
 *  - each worker's own log line for every job it finished ("job completed", with the job id): no
 *    job id may appear twice, across both processes;
 *  - BullMQ's count of how many times each job was handed to a worker (`attemptsStarted`): exactly
 *    one for every job, so no job was taken by both or taken again.
 * Plus the tables: every post stored once, one score row each.
 */
const TOTAL = 2_000;
const BATCH = 50;
const ADMIN: Actor = { id: null, label: 'two-workers' };

function duplicates(events: readonly JobEvent[]): string[] {
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const e of events) {
    const key = `${e.job}/${e.jobId}`;
    const first = seen.get(key);
    if (first) twice.push(`${key} by ${first} and ${e.worker}`);
    else seen.set(key, e.worker);
  }
  return twice;
}

describe('two worker processes on one queue', () => {
  let database: TestDatabase;
  let producer: BullmqRunner;
  let fleet: WorkerFleet;
  const prefix = uniquePrefix('twoworkers');

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '2',
      ...captureEnv(),
    };
    fleet = new WorkerFleet(env);
    producer = producerFor(database.db, env, testRedisUrl(), prefix);
  });

  afterAll(async () => {
    await fleet?.stopAll();
    await producer?.stop();
    await deleteRedisPrefix(prefix);
    await database?.drop();
  });

  it('processes every job exactly once between them', { timeout: 120_000 }, async () => {
    const db = database.db;
    const source = await createSource(db, ADMIN, { kind: 'push', name: 'Partner read by two workers' });
    // Both are up and polling before the work arrives, so they compete for every batch.
    await Promise.all([fleet.start('a'), fleet.start('b')]);
    const ingestIds = await enqueuePosts(producer, source.id, TOTAL, BATCH);

    await waitUntil(
      'the queues to drain',
      async () => (fleet.alive(), drained(db, producer, source.id, TOTAL)),
      100_000,
      async () => `${await progress(db, producer, source.id)}\n${fleet.logs(20)}`,
    );

    const ingest = fleet.completed('ingest-batch');
    const score = fleet.completed('score-items');
    expect(duplicates([...ingest, ...score])).toEqual([]);
    // Each of our batches finished once (the demo source's replay adds batches of its own).
    const ours = new Set(ingestIds);
    expect(
      ingest
        .filter((e) => ours.has(e.jobId))
        .map((e) => e.jobId)
        .sort(),
    ).toEqual([...ingestIds].sort());
    // Both processes took part: the sharing under test happened.
    const byWorker = (w: string) => ingest.filter((e) => e.worker === w && ours.has(e.jobId)).length;
    expect(byWorker('a')).toBeGreaterThan(0);
    expect(byWorker('b')).toBeGreaterThan(0);
    expect(fleet.events.filter((e) => e.event !== 'completed')).toEqual([]);

    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const handedOut: Record<string, number> = {};
    try {
      for (const name of ['ingest', 'score'] as const) {
        const queue = new Queue(name, { connection, prefix });
        for (const job of await queue.getCompleted(0, -1)) {
          const n = job.attemptsStarted;
          handedOut[n] = (handedOut[n] ?? 0) + 1;
        }
        await queue.close();
      }
    } finally {
      await connection.quit();
    }
    expect(handedOut).toEqual({ 1: ingest.length + score.length });

    expect(await onceEach(db, source.id)).toEqual({
      items: TOTAL,
      distinctPosts: TOTAL,
      scoreRows: TOTAL,
      itemsNotScoredOnce: 0,
    });
    console.info(
      `two workers: ${ingestIds.length} ingest batches (a ${byWorker('a')}, b ${byWorker('b')}) and ` +
        `${score.length} scoring jobs, each run once`,
    );
  });
});
