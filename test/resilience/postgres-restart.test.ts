import { JOB_CONTRACTS } from '@counterpoint/core';
import { createSource, openDatabase, seedDemo, type Actor, type Database } from '@counterpoint/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BullmqRunner } from '../../apps/worker/dist/runtime/bullmq.js';
import { startPostgres, type PrivatePostgres } from '../../scripts/services.mjs';
import { captureEnv, deleteRedisPrefix, testRedisUrl, uniquePrefix, waitUntil } from '../pipeline/support.js';
import { WorkerFleet } from './fleet.js';
import { drained, enqueuePosts, onceEach, producerFor, progress, storedCount } from './ingest.js';
import { healthOf } from './health.js';

/**
 * "PostgreSQL restarted mid-ingest → jobs retry and finish." The worker runs against a private
 * PostgreSQL server of this test's own (the shared one is never touched), which is crash-stopped
 * while batches are being written and started again a few seconds later. Jobs that hit the outage
 * fail their attempt and come back with the contract's backoff (ingest and scoring: 8 attempts,
 * 1 s doubling); the same worker process lives through it and finishes every one.
 */
const TOTAL = 2_000;
const BATCH = 200;
const DOWN_MS = 3_000;
const ADMIN: Actor = { id: null, label: 'pg-restart' };

/** A read that fails while the server is down counts as "not yet". */
const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
  try {
    return await read();
  } catch {
    return null;
  }
};

describe('PostgreSQL restarted in the middle of an ingest', () => {
  let pg: PrivatePostgres;
  let database: Database;
  let producer: BullmqRunner;
  let fleet: WorkerFleet;
  const prefix = uniquePrefix('pgrestart');

  beforeAll(async () => {
    // Durable commits, as a production server runs: with asynchronous commit a crash loses the
    // last acknowledged transactions, and this test saw exactly that (a batch "done" but gone).
    pg = await startPostgres({ durable: true });
    database = await openDatabase({ url: pg.url, max: 2 });
    await database.migrate();
    await seedDemo(database.db);
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: pg.url,
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
    await database?.close().catch(() => undefined);
    pg?.stop();
  });

  it('retries the jobs that hit the outage and stores every post once', { timeout: 150_000 }, async () => {
    const db = database.db;
    const source = await createSource(db, ADMIN, { kind: 'push', name: 'Partner during an outage' });
    await enqueuePosts(producer, source.id, TOTAL, BATCH);
    await fleet.start('worker');
    const api = fleet.apiPort('worker');

    await waitUntil(
      'a fifth of the posts to be stored',
      async () => (fleet.alive(), (await storedCount(db, source.id)) >= TOTAL / 5),
      60_000,
      async () => `${await progress(db, producer, source.id)}\n${fleet.logs()}`,
    );
    expect((await healthOf(api)).status).toBe(200);
    const tDown = Date.now();
    pg.halt();
    // While the database is away the worker says so on /health (what an admin's monitor polls),
    // and it stays up.
    await waitUntil(
      '/health to report the database down',
      async () => (fleet.alive(), (await healthOf(api)).body.database === 'error'),
      DOWN_MS,
    );
    const down = await healthOf(api);
    await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - tDown))));
    fleet.alive();
    pg.resume();
    const tUp = Date.now();

    await waitUntil(
      'the queues to drain after the restart',
      async () => (fleet.alive(), (await orNull(() => drained(db, producer, source.id, TOTAL))) === true),
      120_000,
      async () => `${await orNull(() => progress(db, producer, source.id))}\n${fleet.logs(20)}`,
    );

    expect(down).toMatchObject({ status: 503, body: { status: 'error', database: 'error', redis: 'ok' } });
    expect((await healthOf(api)).status).toBe(200);
    expect(await onceEach(db, source.id)).toEqual({
      items: TOTAL,
      distinctPosts: TOTAL,
      scoreRows: TOTAL,
      itemsNotScoredOnce: 0,
    });
    // Jobs did hit the outage and were retried (not merely waited out), and none gave up.
    const retried = fleet.events.filter(
      (e) => e.event === 'retrying' && (e.job === 'ingest-batch' || e.job === 'score-items'),
    );
    expect(retried.length).toBeGreaterThan(0);
    const retriedIds = new Set(retried.map((e) => e.jobId));
    const completedAfterRetry = fleet.events.filter(
      (e) => e.event === 'completed' && retriedIds.has(e.jobId) && e.attempt > 1,
    );
    expect(new Set(completedAfterRetry.map((e) => e.jobId))).toEqual(retriedIds);
    // Nothing gave up except, possibly, a scheduled job whose contract allows one attempt by
    // design (retention: "the next daily run carries on") that happened to start in the outage.
    const gaveUp = await producer.failures();
    expect(gaveUp.filter((f) => f.name === 'ingest-batch' || f.name === 'score-items')).toEqual([]);
    expect(
      gaveUp.filter((f) => JOB_CONTRACTS.find((c) => c.name === f.name)?.options.attempts !== 1),
    ).toEqual([]);
    expect(fleet.isRunning('worker')).toBe(true);
    console.info(
      `postgres restart: down ${tUp - tDown} ms; ${retried.length} attempts failed and were retried ` +
        `(${retriedIds.size} jobs); drained ${Date.now() - tUp} ms after the restart`,
    );
  });
});
