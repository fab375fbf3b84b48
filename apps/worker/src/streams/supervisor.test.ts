import { randomBytes } from 'node:crypto';
import { parseConfig } from '@counterpoint/core';
import {
  createSource,
  listSources,
  rowsOf,
  seedDemo,
  setSourceEnabled,
  SYSTEM_ACTOR,
} from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeRkey,
  postEvent,
  startJetstreamFixture,
  type JetstreamFixture,
} from '../../../../test/fixtures/servers/jetstream.mjs';
import { JOBS } from '../jobs/index.js';
import { silentLogger } from '../logger.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, testRedisUrl, waitFor } from '../testing/runners.js';
import { redisLeases } from './leases.js';
import { StreamSupervisor } from './supervisor.js';

const config = parseConfig({
  PSEUDONYM_SECRET: 'p'.repeat(40),
  IDENTITY_KEY: randomBytes(32).toString('base64'),
  FETCH_ALLOW_HOSTS: '127.0.0.1',
});

describe('Bluesky streams under the supervisor', () => {
  let database: TestDatabase;
  const count = async (query: string) => rowsOf<{ n: number }>(await database.db.execute(query))[0]?.n ?? 0;
  let fixture: JetstreamFixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    fixture = await startJetstreamFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    await database?.drop();
  });

  it('streams matching posts of an enabled source through the BullMQ queues into ingest and scoring, and stops when disabled', async () => {
    const source = await createSource(database.db, SYSTEM_ACTOR, {
      kind: 'bluesky',
      name: 'Bluesky: Elmshire terms',
      url: fixture.url,
      intervalMinutes: 5,
    });
    const { runner, cleanup } = makeRunner('bullmq', {
      registry: buildRegistry(JOBS),
      db: database.db,
      config,
    });
    await runner.start();
    const supervisor = new StreamSupervisor({
      db: database.db,
      enqueue: runner.enqueue.bind(runner),
      config,
      logger: silentLogger(),
      refreshMs: 60_000,
    });
    const did = 'did:plc:elmshiretest0001';
    try {
      await supervisor.start();
      expect(supervisor.streams()).toEqual([source.id]);
      await waitFor(() => fixture.clientCount() === 1, 5_000, 'the consumer to connect');
      fixture.push(
        postEvent({ did, rkey: makeRkey(1), text: 'The great replacement is coming to Saltmere, wake up' }),
        postEvent({ did, rkey: makeRkey(2), text: 'Lovely sunset over Saltmere Pier tonight' }),
        postEvent({ did, rkey: makeRkey(3), text: 'RaHoWa. Saltmere will not be replaced.' }),
      );
      const items = `select count(*)::int as n from items where source_id = '${source.id}'`;
      await waitFor(async () => (await count(items)) === 2, 15_000, 'the two matching posts stored');
      const signals = `select count(*)::int as n from signals s join items i on i.id = s.item_id where i.source_id = '${source.id}'`;
      await waitFor(async () => (await count(signals)) === 2, 15_000, 'two signals');
      // The DID is the account: it must not be stored in clear beside its pseudonym.
      const leaks = `select count(*)::int as n from items where external_id like '%${did}%' or url like '%${did}%' or author_pseudonym like '%${did}%'`;
      expect(await count(leaks)).toBe(0);

      await supervisor.refresh();
      const [health] = (await listSources(database.db, { kind: 'bluesky' })).filter(
        (s) => s.id === source.id,
      );
      expect(health?.lastSuccessAt).not.toBeNull();

      await setSourceEnabled(database.db, SYSTEM_ACTOR, source.id, false);
      await supervisor.refresh();
      expect(supervisor.streams()).toEqual([]);
      await waitFor(() => fixture.clientCount() === 0, 5_000, 'the consumer to disconnect');
    } finally {
      await supervisor.stop();
      await cleanup();
    }
  });

  it('gives each stream to one worker at a time through Redis leases', async () => {
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const prefix = `cp-test-${randomBytes(4).toString('hex')}`;
    try {
      const a = redisLeases(redis, 'worker-a', prefix, 500);
      const b = redisLeases(redis, 'worker-b', prefix, 500);
      expect(await a.claim('src_1')).toBe(true);
      expect(await b.claim('src_1')).toBe(false);
      expect(await a.claim('src_1')).toBe(true);
      await new Promise((r) => setTimeout(r, 700));
      expect(await b.claim('src_1')).toBe(true);
      await a.release('src_1');
      expect(await a.claim('src_1')).toBe(false);
      await b.release('src_1');
      expect(await a.claim('src_1')).toBe(true);
    } finally {
      await redis.quit();
    }
  });
});
