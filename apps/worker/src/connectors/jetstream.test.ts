import { compileLexicon, ingestBatchJob, newId, parseConfig } from '@counterpoint/core';
import type { RawItem } from '@counterpoint/core/normalise/index';
import { getSourceCursor, setSourceCursor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accountEvent,
  deleteEvent,
  identityEvent,
  likeEvent,
  makeRkey,
  postEvent,
  startJetstreamFixture,
  type JetstreamEvent,
  type JetstreamFixture,
} from '../../../../test/fixtures/servers/jetstream.mjs';
import { defineHandler } from '../jobs/types.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JetstreamConsumer, type JetstreamOptions } from './jetstream.js';
import { jetstreamForSource, lexiconPrefilter } from './jetstream-source.js';

const ALLOW = ['127.0.0.1'];
const matches = (t: string) => /\bflood/i.test(t);

/** A stream with `n` posts (every third mentions a flood) among likes, deletes, identity and account events. */
function stream(
  n: number,
  did = (i: number) => `did:plc:user${i % 7}`,
): { events: JetstreamEvent[]; wanted: Set<string> } {
  const events: JetstreamEvent[] = [];
  const wanted = new Set<string>();
  for (let i = 0; i < n; i++) {
    const hit = i % 3 === 0;
    const e = postEvent({
      did: did(i),
      rkey: makeRkey(i),
      text: hit ? `Flood warning on the river, post ${i}` : `Nice weather ${i}`,
    });
    events.push(e);
    if (hit) wanted.add(`at://${e.did}/app.bsky.feed.post/${e.commit!.rkey}`);
    if (i % 10 === 0) events.push(identityEvent({ did: did(i), handle: `user${i}.bsky.social` }));
    if (i % 10 === 1) events.push(accountEvent({ did: did(i) }));
    if (i % 10 === 2)
      events.push(likeEvent({ did: did(i), rkey: makeRkey(i + 1e6), subjectUri: 'at://x/y/z' }));
    if (i % 10 === 3) events.push(deleteEvent({ did: did(i), rkey: makeRkey(i + 2e6) }));
  }
  return { events, wanted };
}

function memoryConsumer(fixture: JetstreamFixture, extra: Partial<JetstreamOptions> = {}) {
  const batches: RawItem[][] = [];
  const store = { cursor: null as string | null };
  const consumer = new JetstreamConsumer({
    url: fixture.url,
    prefilter: matches,
    onBatch: (items) => {
      batches.push(items);
      return Promise.resolve();
    },
    loadCursor: () => Promise.resolve(store.cursor),
    saveCursor: (c) => {
      store.cursor = c;
      return Promise.resolve();
    },
    allowHosts: ALLOW,
    flushIntervalMs: 100,
    backoff: { initialMs: 50, maxMs: 400 },
    ...extra,
  });
  const ids = () => new Set(batches.flat().map((i) => i.externalId));
  return { consumer, batches, store, ids };
}

let fixture: JetstreamFixture;
afterEach(async () => {
  await fixture?.close();
});

describe('JetstreamConsumer', () => {
  it('keeps only posts passing the prefilter, in batches, ignoring other events, and stores the cursor', async () => {
    fixture = await startJetstreamFixture();
    const { consumer, batches, store, ids } = memoryConsumer(fixture, { batchSize: 4 });
    await consumer.start();
    await waitFor(() => consumer.status().state === 'connected', 5000, 'connected');
    expect(fixture.connections[0]).toMatchObject({ wantedCollections: ['app.bsky.feed.post'], cursor: null });

    const { events, wanted } = stream(60);
    fixture.push(...events);
    await waitFor(() => ids().size === wanted.size, 5000, 'all matching posts');
    await waitFor(() => store.cursor === String(events.at(-1)!.time_us), 5000, 'cursor of the last event');
    await consumer.stop();

    expect(ids()).toEqual(wanted);
    expect(batches.every((b) => b.length >= 1 && b.length <= 4)).toBe(true);
    const first = events[0]!;
    expect(
      batches
        .flat()
        .find((i) => i.externalId === `at://${first.did}/app.bsky.feed.post/${first.commit!.rkey}`),
    ).toEqual({
      platform: 'bluesky',
      externalId: `at://${first.did}/app.bsky.feed.post/${first.commit!.rkey}`,
      url: `https://bsky.app/profile/${first.did}/post/${first.commit!.rkey}`,
      text: 'Flood warning on the river, post 0',
      language: 'en',
      publishedAt: (first.commit!.record as { createdAt: string }).createdAt,
      author: { handle: first.did, profileUrl: `https://bsky.app/profile/${first.did}` },
      mediaUrls: [],
    });
    expect(consumer.status()).toMatchObject({
      state: 'stopped',
      matched: wanted.size,
      delivered: wanted.size,
    });
  });

  it('reconnects with backoff after the service drops it, resuming from where it read', async () => {
    fixture = await startJetstreamFixture();
    const statuses: string[] = [];
    const { consumer, ids } = memoryConsumer(fixture, {
      batchSize: 10,
      rewindUs: 0,
      onStatus: (s) => statuses.push(s.message),
    });
    await consumer.start();
    await waitFor(() => consumer.status().state === 'connected', 5000, 'connected');
    const { events, wanted } = stream(90);
    // The service filters likes out; everything else in the first part reaches the consumer.
    const firstPart = events.slice(0, 50).filter((e) => e.commit?.collection !== 'app.bsky.feed.like');
    fixture.push(...events.slice(0, 50));
    await waitFor(() => consumer.status().events === firstPart.length, 5000, 'first part read');
    fixture.dropAll();
    await waitFor(() => consumer.status().state === 'waiting', 5000, 'waiting to reconnect');
    // Posted while disconnected: replayed from the cursor on reconnection.
    fixture.push(...events.slice(50));
    await waitFor(() => ids().size === wanted.size, 10_000, 'all matching posts after reconnecting');
    await consumer.stop();
    expect(ids()).toEqual(wanted);
    expect(fixture.connections).toHaveLength(2);
    expect(fixture.connections[1]!.cursor).toBe(firstPart.at(-1)!.time_us);
    expect(consumer.status().reconnects).toBe(1);
    expect(statuses.some((m) => /reconnecting in \d+ s/.test(m))).toBe(true);
  });

  it('refuses private addresses unless allowed, and says so in its status', async () => {
    const consumer = new JetstreamConsumer({
      url: 'ws://10.1.2.3/subscribe',
      prefilter: () => true,
      onBatch: () => Promise.resolve(),
      loadCursor: () => Promise.resolve(null),
      saveCursor: () => Promise.resolve(),
      backoff: { initialMs: 10_000 },
    });
    await consumer.start();
    await waitFor(() => consumer.status().state === 'waiting', 5000, 'refusal');
    expect(consumer.status().lastError).toMatch(
      /^The Jetstream address resolves to a private .*\(10\.1\.2\.3\), which Counterpoint does not connect to$/,
    );
    expect(consumer.status().message).toMatch(/reconnecting in \d+ s$/);
    await consumer.stop();
  });
});

describe('Jetstream into the ingest queue', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('killed mid-stream and restarted, it resumes from the stored cursor and loses nothing', async () => {
    const lexicon = compileLexicon([
      { id: 't1', phrase: 'flood', mode: 'word', weight: 0.6, category: 'test', status: 'active' },
    ]);
    const { events, wanted } = stream(3000);
    fixture = await startJetstreamFixture({ events, chunk: 25 });
    const sourceId = newId('source');
    await database.db.execute(
      `insert into sources (id, kind, name, url) values ('${sourceId}', 'bluesky', 'Jetstream', '${fixture.url}')`,
    );
    // Start from just before the log, as a source that has been running a while would.
    await setSourceCursor(database.db, sourceId, String(events[0]!.time_us - 1));

    const received: Array<{ sourceId: string; items: unknown[] }> = [];
    const registry = buildRegistry(
      [defineHandler({ contract: ingestBatchJob, handle: (p) => Promise.resolve(received.push(p)) })],
      [ingestBatchJob],
    );
    const { runner, cleanup } = makeRunner('in-process', {
      registry,
      db: database.db,
      config: parseConfig({}),
    });
    await runner.start();
    const delivered = () => new Set(received.flatMap((p) => p.items.map((i) => (i as RawItem).externalId)));
    const options = {
      url: fixture.url,
      prefilter: lexiconPrefilter(lexicon),
      allowHosts: ALLOW,
      batchSize: 50,
      flushIntervalMs: 200,
      rewindUs: 0,
    };
    try {
      const first = jetstreamForSource(database.db, runner.enqueue.bind(runner), sourceId, options);
      await first.start();
      await waitFor(() => first.status().delivered >= 200, 10_000, 'some batches delivered');
      // A crash: what was gathered but not handed off is gone, and no cursor is stored after this.
      await first.stop({ flush: false });
      const stored = await getSourceCursor(database.db, sourceId);
      const readBeforeKill = first.status().events;
      expect(readBeforeKill).toBeLessThan(events.length);
      expect(Number(stored)).toBeGreaterThan(events[0]!.time_us);

      const second = jetstreamForSource(database.db, runner.enqueue.bind(runner), sourceId, options);
      await second.start();
      await waitFor(() => delivered().size === wanted.size, 20_000, 'every matching post');
      await second.stop();
      expect(fixture.connections.at(-1)!.cursor).toBe(Number(stored));
      expect(delivered()).toEqual(wanted);
      expect(received.every((p) => p.sourceId === sourceId && p.items.length <= 50)).toBe(true);
      expect(await getSourceCursor(database.db, sourceId)).toBe(String(events.at(-1)!.time_us));
    } finally {
      await cleanup();
    }
  });
});
