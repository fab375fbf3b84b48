import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSource, getSource, seedDemo, type Actor, type Source } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureEnv,
  count,
  deleteRedisPrefix,
  testRedisUrl,
  uniquePrefix,
  waitUntil,
} from '../pipeline/support.js';
import { WorkerFleet } from './fleet.js';
import { healthOf } from './health.js';

/**
 * "A source that trickles one byte a second, sends 50 MB, or serves a billion-laughs document →
 * that source is marked failed and the worker carries on." Each hostile behaviour is its own site
 * (a loopback server on its own port, as it would be its own host), next to a well-behaved feed.
 * A real worker process collects all four through the production path (the collect-due schedule,
 * safe fetching, the feed parser). Each hostile source must end with a plain-words error in its
 * health record, the good feed must be collected while the trickle is still holding its
 * connection, and the worker must stay up with its memory bounded throughout.
 */
const ADMIN: Actor = { id: null, label: 'hostile-sources' };
const MB = 1024 * 1024;
/**
 * How far the worker's resident memory may grow above its start-up footprint while it reads the
 * hostile sources: less than the 50 MB body itself, so holding that body (or any expansion of the
 * laughs) would fail the test; the 10 MB read cap plus buffers fits well inside.
 */
const RSS_GROWTH_LIMIT = 48 * MB;
const FETCH_TIMEOUT_SECONDS = 8;
const LAUGHS = readFileSync(new URL('../fixtures/feeds/billion-laughs-lolz.xml', import.meta.url));

const GOOD_FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Elmford Courier</title><link>https://courier.example.org/</link>
${Array.from(
  { length: 5 },
  (_, i) => `<item><title>Courier story ${i}</title><link>https://courier.example.org/${i}</link>
<guid>courier-${i}</guid><description>Council meeting notes number ${i} about the Elmford library.</description></item>`,
).join('\n')}
</channel></rss>`;

interface Site {
  server: Server;
  url: string;
  /** Bytes written to the body and whether the client hung up before the server finished. */
  sent: number;
  hungUpAt: number | null;
}

async function site(handle: (res: ServerResponse, s: Site) => void): Promise<Site> {
  const s: Site = { server: createServer(), url: '', sent: 0, hungUpAt: null };
  s.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/robots.txt') {
      res.writeHead(404).end();
      return;
    }
    res.on('close', () => {
      if (!res.writableFinished) s.hungUpAt ??= Date.now();
    });
    handle(res, s);
  });
  await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
  s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}/feed.xml`;
  return s;
}

describe('hostile sources', () => {
  let database: TestDatabase;
  let fleet: WorkerFleet;
  const sites: Site[] = [];
  const prefix = uniquePrefix('hostile');
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '4',
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      // The production default is 30 s; a shorter deadline keeps the suite quick and proves the same.
      FETCH_TIMEOUT_SECONDS: String(FETCH_TIMEOUT_SECONDS),
      ...captureEnv(),
    };
    fleet = new WorkerFleet(env);
  });

  afterAll(async () => {
    await fleet?.stopAll();
    for (const s of sites) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
    await deleteRedisPrefix(prefix);
    await database?.drop();
  });

  it('marks each one failed in plain words while the worker carries on', { timeout: 90_000 }, async () => {
    const db = database.db;
    // One byte a second of a feed that would be valid if it ever finished.
    const trickle = await site((res, s) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = Buffer.from(GOOD_FEED);
      const timer = setInterval(() => {
        if (s.sent >= body.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(body.subarray(s.sent, s.sent + 1));
        s.sent++;
      }, 1000);
      res.on('close', () => clearInterval(timer));
    });
    // 50 MB of feed items, announced by no length, written as fast as the client reads.
    const huge = await site((res, s) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.from(
        `<item><title>filler</title><description>${'x'.repeat(64 * 1024 - 48)}</description></item>`.slice(
          0,
          64 * 1024,
        ),
      );
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
      const pump = () => {
        while (s.sent < 50 * MB) {
          s.sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('</channel></rss>');
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const laughs = await site((res, s) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      s.sent = LAUGHS.length;
      res.end(LAUGHS);
    });
    const good = await site((res, s) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      s.sent = GOOD_FEED.length;
      res.end(GOOD_FEED);
    });
    sites.push(trickle, huge, laughs, good);

    const make = (name: string, s: Site) => createSource(db, ADMIN, { kind: 'rss', name, url: s.url });
    const sources = {
      trickle: await make('Trickling site', trickle),
      huge: await make('50 MB site', huge),
      laughs: await make('Billion laughs site', laughs),
      good: await make('Elmford Courier', good),
    };

    // The worker collects them on its own schedule (collect-due runs at start and every minute).
    const t0 = Date.now();
    await fleet.start('worker');
    const baselineRss = fleet.rss('worker');
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      if (fleet.isRunning('worker')) peakRss = Math.max(peakRss, fleet.rss('worker'));
    }, 100);

    const health = async () => {
      const out: Record<string, Source> = {};
      for (const [k, s] of Object.entries(sources)) out[k] = (await getSource(db, s.id))!;
      return out;
    };
    // last_fetched_at is written only by the collector (ingest also stamps last_success_at).
    const settled = (s: Source) => s.lastFetchedAt !== null;
    let after: Record<string, Source> = {};
    try {
      await waitUntil(
        'every source to be collected or marked failed',
        async () => {
          fleet.alive();
          after = await health();
          return Object.values(after).every(settled);
        },
        75_000,
        async () => `${JSON.stringify(await health(), null, 1)}\n${fleet.logs(20)}`,
      );
    } finally {
      clearInterval(sampler);
    }

    // Each hostile source failed, and its health record says why in words an admin can act on.
    expect(after.trickle).toMatchObject({ lastSuccessAt: null, consecutiveFailures: 1 });
    expect(after.trickle!.lastError).toMatch(
      new RegExp(`took longer than ${FETCH_TIMEOUT_SECONDS} s to answer in full`),
    );
    expect(after.huge).toMatchObject({ lastSuccessAt: null, consecutiveFailures: 1 });
    expect(after.huge!.lastError).toMatch(/larger than 10 MB, so it was not read/);
    expect(after.laughs).toMatchObject({ lastSuccessAt: null, consecutiveFailures: 1 });
    expect(after.laughs!.lastError).toMatch(/not a feed \(root element <lolz>\)/);
    // The worker hung up on them rather than reading on: the trickle within its deadline, the
    // 50 MB long before the end.
    expect(trickle.hungUpAt).not.toBeNull();
    expect(trickle.sent).toBeLessThan(GOOD_FEED.length);
    expect(huge.hungUpAt).not.toBeNull();
    expect(huge.sent).toBeLessThan(50 * MB);

    // The good feed was collected while the trickle still held its connection, and its posts
    // went all the way through.
    expect(after.good).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    expect(after.good!.lastSuccessAt!.getTime()).toBeLessThan(trickle.hungUpAt!);
    await waitUntil(
      'the good feed to be stored and scored',
      async () =>
        (await count(
          db,
          `select count(*) n from items i join scores s on s.item_id = i.id where i.source_id = '${sources.good.id}'`,
        )) === 5,
      30_000,
    );

    // Alive, healthy and within its memory bound.
    expect(fleet.isRunning('worker')).toBe(true);
    expect((await healthOf(fleet.apiPort('worker'))).status).toBe(200);
    expect(peakRss - baselineRss).toBeLessThan(RSS_GROWTH_LIMIT);
    console.info(
      `hostile sources: settled in ${Date.now() - t0} ms; trickle cut after ${trickle.sent} bytes, ` +
        `50 MB site cut after ${(huge.sent / MB).toFixed(1)} MB sent; worker RSS ${(baselineRss / MB).toFixed(0)} MB ` +
        `at start, peak ${(peakRss / MB).toFixed(0)} MB`,
    );
  });
});
