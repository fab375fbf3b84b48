import { createSource, seedDemo, type Actor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BullmqRunner } from '../../apps/worker/dist/runtime/bullmq.js';
import { startRedis, type PrivateRedis } from '../../scripts/services.mjs';
import { captureEnv, uniquePrefix, waitUntil } from '../pipeline/support.js';
import { WorkerFleet } from './fleet.js';
import { healthOf } from './health.js';
import { busyJobs, drained, enqueuePosts, onceEach, producerFor, progress, storedCount } from './ingest.js';

/**
 * "Redis restarted with append-only persistence → queued work resumes." The queues live in a
 * private Redis of this test's own, run as production should run it: append-only file, fsync
 * before each reply (`appendfsync always`), so every job Redis acknowledged is on disk. Mid-ingest
 * the server is SIGKILLed — no chance to save anything more — and started again on the same port
 * from its file. The jobs still queued must come back, and the same worker process, which lost
 * every Redis connection, must reconnect by itself and finish them.
 */
const TOTAL = 2_000;
const BATCH = 200;
const DOWN_MS = 2_000;
const ADMIN: Actor = { id: null, label: 'redis-restart' };

describe('Redis restarted in the middle of an ingest', () => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let producer: BullmqRunner;
  let fleet: WorkerFleet;
  const prefix = uniquePrefix('redisrestart');

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
    database = await createTestDatabase();
    await seedDemo(database.db);
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '2',
      ...captureEnv(),
    };
    fleet = new WorkerFleet(env);
    producer = producerFor(database.db, env, redis.url, prefix);
  });

  afterAll(async () => {
    await fleet?.stopAll();
    await producer?.stop().catch(() => undefined);
    redis?.stop();
    await database?.drop();
  });

  it(
    'brings the queued jobs back from the append-only file and finishes them',
    { timeout: 150_000 },
    async () => {
      const db = database.db;
      const source = await createSource(db, ADMIN, { kind: 'push', name: 'Partner across a Redis restart' });
      await enqueuePosts(producer, source.id, TOTAL, BATCH);
      await fleet.start('worker');
      const api = fleet.apiPort('worker');

      await waitUntil(
        'a fifth of the posts to be stored',
        async () => (fleet.alive(), (await storedCount(db, source.id)) >= TOTAL / 5),
        60_000,
        async () => `${await progress(db, producer, source.id)}\n${fleet.logs()}`,
      );
      const queuedBefore = await busyJobs(producer);
      const tDown = Date.now();
      await redis.halt();
      const storedAtKill = await storedCount(db, source.id);
      await waitUntil(
        '/health to report Redis down',
        async () => (fleet.alive(), (await healthOf(api)).body.redis === 'error'),
        DOWN_MS + 3_000,
      );
      const down = await healthOf(api);
      await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - tDown))));
      fleet.alive();
      await redis.resume();
      const tUp = Date.now();
      // The file gave the queue back: at the kill most of the posts were still only in Redis.
      expect(storedAtKill).toBeLessThan(TOTAL * 0.8);
      const queuedAfter = await busyJobs(producer);

      await waitUntil(
        'the queues to drain after the restart',
        async () => (fleet.alive(), drained(db, producer, source.id, TOTAL)),
        120_000,
        async () => `${await progress(db, producer, source.id)}\n${fleet.logs(20)}`,
      );

      expect(down).toMatchObject({ status: 503, body: { status: 'error', redis: 'error', database: 'ok' } });
      expect((await healthOf(api)).status).toBe(200);
      expect(queuedAfter).toBeGreaterThan(0);
      expect(await onceEach(db, source.id)).toEqual({
        items: TOTAL,
        distinctPosts: TOTAL,
        scoreRows: TOTAL,
        itemsNotScoredOnce: 0,
      });
      expect(await producer.failures()).toEqual([]);
      expect(fleet.isRunning('worker')).toBe(true);
      // The log says the connection came back, and the outage did not flood it: each distinct
      // error is written at most once per 30 s (a line per queue per retry before).
      expect(fleet.messages.get('redis connection restored')).toBeGreaterThan(0);
      const errorLines = ['redis error', 'queue error', 'worker error'].map(
        (m) => fleet.messages.get(m) ?? 0,
      );
      expect(errorLines.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6);
      console.info(
        `redis restart: ${storedAtKill} of ${TOTAL} stored and ${queuedBefore} jobs queued or running at the kill, ` +
          `${queuedAfter} back from the append-only file; down ${tUp - tDown} ms; drained ${Date.now() - tUp} ms after`,
      );
    },
  );
});
