import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '@counterpoint/core';
import { createSource, getSource, rowsOf, type Actor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import { silentLogger } from '../logger.js';
import { makeRunner, waitFor, type RunnerUnderTest } from '../testing/runners.js';
import { collectJobId } from './collect-due.js';
import { collectSourceHandler } from './collect-source.js';
import { JOBS } from './index.js';

const ADMIN: Actor = { id: null, label: 'test' };
const ETAG = '"feed-v1"';

function rss(n: number): string {
  const items = Array.from(
    { length: n },
    (_, i) => `<item><guid>post-${i}</guid><title>Post ${i}</title><link>http://paper.example/p/${i}</link>
      <description>Council meeting number ${i} about the new library opening hours and bus routes.</description>
      <author>reporter${i}@paper.example (Reporter ${i})</author>
      <pubDate>Mon, 03 Mar 2025 10:0${i}:00 GMT</pubDate></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Paper</title>
    <link>http://paper.example/</link><description>News</description>${items}</channel></rss>`;
}

describe('collect-source and collect-due', () => {
  let database: TestDatabase;
  let server: Server;
  let base: string;
  let feedHits = 0;
  let notModified = 0;
  let under: RunnerUnderTest;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = createServer((req, res) => {
      if (req.url?.startsWith('/feed.xml')) {
        feedHits++;
        if (req.headers['if-none-match'] === ETAG) {
          notModified++;
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: ETAG }).end(rss(3));
      } else if (req.url === '/page.html') {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><html><body>Hello</body></html>');
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = parseConfig({
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      PSEUDONYM_SECRET: randomBytes(24).toString('hex'),
      IDENTITY_KEY: randomBytes(32).toString('base64'),
    });
    under = makeRunner('in-process', { registry: buildRegistry(JOBS), db: database.db, config });
    await under.runner.start();
  });
  afterAll(async () => {
    await under?.cleanup();
    await new Promise((r) => server?.close(r));
    await database?.drop();
  });

  const count = async (sql: string) => Number(rowsOf<{ n: string }>(await database.db.execute(sql))[0]!.n);

  it('collects a feed into items, records success and the validators, then asks conditionally', async () => {
    const s = await createSource(database.db, ADMIN, { kind: 'rss', name: 'Paper', url: `${base}/feed.xml` });
    await under.runner.enqueue('collect-source', { sourceId: s.id });
    // The items may land (ingest) before or after the collector records its success, and ingest
    // also stamps last_success_at (a pushed batch is a success), so wait for the items and for
    // last_fetched_at, which only the collector writes.
    await waitFor(
      async () =>
        (await count(`select count(*) n from items where source_id = '${s.id}'`)) === 3 &&
        (await getSource(database.db, s.id))?.lastFetchedAt != null,
      20_000,
      'three items and the success recorded',
    );
    const after = await getSource(database.db, s.id);
    expect(after).toMatchObject({ etag: ETAG, lastError: null, consecutiveFailures: 0, itemsSeen: 3 });
    expect(after?.lastSuccessAt).not.toBeNull();
    // The byline is pseudonymised: no reporter's address is stored in clear.
    expect(
      await count(
        `select count(*) n from items where text like '%reporter%' or author_pseudonym like '%reporter%'`,
      ),
    ).toBe(0);

    await under.runner.enqueue('collect-source', { sourceId: s.id });
    await waitFor(() => notModified === 1, 20_000, 'a conditional GET answered 304');
    expect(await count(`select count(*) n from items where source_id = '${s.id}'`)).toBe(3);
  });

  it('records a broken feed in plain words without failing the job, and pauses it after five', async () => {
    const s = await createSource(database.db, ADMIN, {
      kind: 'rss',
      name: 'Not a feed',
      url: `${base}/page.html`,
    });
    for (let i = 1; i <= 5; i++) {
      await under.runner.enqueue('collect-source', { sourceId: s.id });
      await waitFor(
        async () => (await getSource(database.db, s.id))?.consecutiveFailures === i,
        20_000,
        `failure ${i}`,
      );
    }
    const after = await getSource(database.db, s.id);
    expect(after?.lastError).toMatch(/HTML/i);
    expect(after?.lastError).not.toMatch(/\n\s+at /);
    expect(after?.pausedAt).not.toBeNull();
    expect(after?.pausedReason).toMatch(/^Paused automatically after 5 failures in a row/);
    expect((await under.runner.failures()).filter((f) => f.name === 'collect-source')).toEqual([]);
    // A paused source is skipped, not fetched.
    await under.runner.enqueue('collect-source', { sourceId: s.id });
    await new Promise((r) => setTimeout(r, 200));
    expect((await getSource(database.db, s.id))?.consecutiveFailures).toBe(5);
  });

  it('throws (so the job retries) when the queue is unavailable, without blaming the source', async () => {
    const s = await createSource(database.db, ADMIN, {
      kind: 'rss',
      name: 'Queue down',
      url: `${base}/feed.xml?q`,
    });
    const config = parseConfig({ FETCH_ALLOW_HOSTS: '127.0.0.1' });
    await expect(
      collectSourceHandler.handle(
        { sourceId: s.id },
        {
          db: database.db,
          config,
          logger: silentLogger(),
          enqueue: () => Promise.reject(new Error('Connection is closed.')),
          now: () => new Date(),
          signal: new AbortController().signal,
          job: { id: 'j1', name: 'collect-source', attempt: 1, maxAttempts: 4 },
        },
      ),
    ).rejects.toThrow('Connection is closed.');
    // Nothing was recorded: the next attempt fetches again, and the feed is not counted as failing.
    expect(await getSource(database.db, s.id)).toMatchObject({
      lastError: null,
      consecutiveFailures: 0,
      etag: null,
    });
  });

  it('collect-due queues each due source once per slot', async () => {
    const hitsBefore = feedHits;
    const s = await createSource(database.db, ADMIN, {
      kind: 'rss',
      name: 'Due',
      url: `${base}/feed.xml?due`,
      intervalMinutes: 30,
    });
    await under.runner.enqueue('collect-due', {});
    await waitFor(
      async () => (await getSource(database.db, s.id))?.lastFetchedAt != null,
      20_000,
      'due collected',
    );
    expect(feedHits).toBeGreaterThanOrEqual(hitsBefore);
    const at = new Date('2025-01-01T10:05:00Z');
    expect(collectJobId('src_a', 30, at)).toBe(collectJobId('src_a', 30, new Date('2025-01-01T10:29:59Z')));
    expect(collectJobId('src_a', 30, at)).not.toBe(
      collectJobId('src_a', 30, new Date('2025-01-01T10:30:00Z')),
    );
  });
});
