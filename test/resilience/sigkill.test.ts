import { createSource, seedDemo, type Actor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BullmqRunner } from '../../apps/worker/dist/runtime/bullmq.js';
import {
  captureEnv,
  count,
  deleteRedisPrefix,
  testRedisUrl,
  uniquePrefix,
  waitUntil,
} from '../pipeline/support.js';
import { WorkerFleet } from './fleet.js';
import {
  activeJobIds,
  drained,
  enqueuePosts,
  onceEach,
  producerFor,
  progress,
  storedCount,
} from './ingest.js';

/**
 * "SIGKILL a worker three times during a 20,000-post ingest → exactly 20,000 items with one score
 * each." 40 batches of 500 are queued; a real worker process starts on them and is SIGKILLed as
 * soon as it has stored its share, a fresh process takes over, three times; the fourth drains the
 * queues. Each kill leaves jobs half done (locked, some of their items written): BullMQ hands them
 * to a live worker once their locks lapse, and the idempotent writes make the repeat harmless.
 */
const TOTAL = 20_000;
const BATCH = 500;
const KILLS = 3;
/** Items each process stores before it is killed: kills come early so the whole test stays short. */
const SHARE = 1_500;
const ADMIN: Actor = { id: null, label: 'sigkill' };

describe('worker processes SIGKILLed three times mid-ingest', () => {
  let database: TestDatabase;
  let producer: BullmqRunner;
  let fleet: WorkerFleet;
  const prefix = uniquePrefix('sigkill');

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db); // the starter lexicon, so scoring runs too
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

  it('leaves exactly 20,000 items, each with one score', { timeout: 240_000 }, async () => {
    const db = database.db;
    const source = await createSource(db, ADMIN, { kind: 'push', name: 'Bulk partner' });
    await enqueuePosts(producer, source.id, TOTAL, BATCH);
    expect((await producer.depths()).ingest.waiting).toBe(TOTAL / BATCH);

    const t0 = Date.now();
    const atKill: number[] = [];
    const orphaned: { by: string; ids: string[] }[] = [];
    for (let k = 0; k < KILLS; k++) {
      const name = `worker-${k + 1}`;
      await fleet.start(name);
      const target = (atKill.at(-1) ?? 0) + SHARE;
      await waitUntil(
        `${name} to store ${SHARE} more items`,
        async () => (fleet.alive(), (await storedCount(db, source.id)) >= target),
        90_000,
        async () => `${await progress(db, producer, source.id)}\n${fleet.logs()}`,
      );
      await fleet.kill(name);
      atKill.push(await storedCount(db, source.id));
      // Jobs still "active" with no live worker: the ones this kill cut off part-way.
      const active = await activeJobIds(testRedisUrl(), prefix);
      const earlier = new Set(orphaned.flatMap((o) => o.ids));
      orphaned.push({ by: name, ids: active.filter((id) => !earlier.has(id)) });
    }
    expect(atKill.at(-1)).toBeLessThan(TOTAL);
    const tLastKill = Date.now();

    await fleet.start('survivor');
    await waitUntil(
      'the queues to drain',
      async () => (fleet.alive(), drained(db, producer, source.id, TOTAL)),
      180_000,
      async () => `${await progress(db, producer, source.id)}\n${fleet.logs(20)}`,
    );

    expect(await onceEach(db, source.id)).toEqual({
      items: TOTAL,
      distinctPosts: TOTAL,
      scoreRows: TOTAL,
      itemsNotScoredOnce: 0,
    });
    // Clusters count every item once: a half-done batch run again did not add members twice.
    expect(await count(db, 'select coalesce(sum(size), 0) n from clusters')).toBe(
      await count(db, 'select count(*) n from items'),
    );
    expect(await producer.failures()).toEqual([]);
    // Every kill cut jobs off part-way (the case under test happened), and a later process
    // finished each of those ingest batches.
    expect(orphaned.map((o) => o.ids.length > 0)).toEqual([true, true, true]);
    const finishedElsewhere = (o: { by: string; ids: string[] }) =>
      o.ids
        .filter((id) => id.startsWith('ingest/'))
        .every((id) =>
          fleet.events.some(
            (e) => e.event === 'completed' && e.worker !== o.by && `ingest/${e.jobId}` === id,
          ),
        );
    expect(orphaned.map(finishedElsewhere)).toEqual([true, true, true]);
    console.info(
      `sigkill ×${KILLS}: items stored at each kill ${atKill.join(', ')}, jobs cut off by each kill ${orphaned.map((o) => o.ids.length).join(', ')} ` +
        `(last kill after ${tLastKill - t0} ms); ` +
        `the survivor drained the rest, stalled jobs included, in ${Date.now() - tLastKill} ms`,
    );
  });
});
