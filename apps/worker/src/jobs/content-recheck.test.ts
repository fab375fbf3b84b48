import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '@counterpoint/core';
import {
  createEscalationRoute,
  createUser,
  ensureReferenceData,
  escalateSignal,
  getEscalation,
  SYSTEM_ACTOR,
} from '@counterpoint/db';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor, type RunnerUnderTest } from '../testing/runners.js';
import { JOBS } from './index.js';

/**
 * The re-check against a fixture platform on loopback (FETCH_ALLOW_HOSTS lets 127.0.0.1 through):
 * posts answer 200 at first, then two start answering 404 and 410 and one fails with 503.
 */

let database: TestDatabase;
let server: Server;
let base: string;
let under: RunnerUnderTest;
const answer = new Map<string, number>();
const hits = new Map<string, number>();

beforeAll(async () => {
  database = await createTestDatabase();
  await ensureReferenceData(database.db);
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const status = answer.get(path) ?? 404;
    res.writeHead(status, { 'content-type': 'text/html' }).end(status === 200 ? '<p>post</p>' : '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseConfig({ FETCH_ALLOW_HOSTS: '127.0.0.1' });
  under = makeRunner('in-process', { registry: buildRegistry(JOBS), db: database.db, config });
  await under.runner.start();
});

afterAll(async () => {
  await under?.cleanup();
  await new Promise((r) => server?.close(r));
  await database?.drop();
});

it('records removal when the platform starts answering 404 or 410, and keeps the status on other errors', async () => {
  const db = database.db;
  const u = await createUser(db, SYSTEM_ACTOR, {
    email: 'sam@example.org',
    name: 'Sam',
    role: 'supervisor',
    password: 'correct-horse-battery-staple',
  });
  const sam = { id: u.id, label: u.email };
  const route = (name: string, kind: string) =>
    createEscalationRoute(db, sam, {
      name,
      kind,
      contact: 'reports@platform.example',
      expectedResponseHours: '72',
      packageContents: ['excerpt', 'link'],
    });
  const platform = await route('Platform report', 'platform_report');
  const police = await route('Police', 'ct_policing');

  const escalate = async (path: string, routeId: string) => {
    answer.set(path, 200);
    const { id, itemId } = await createTestSignal(db, { text: `Post at ${path}`, category: 'violence' });
    await db.execute(`update items set url = '${base}${path}' where id = '${itemId}'`);
    return escalateSignal(db, sam, id, { routeId, reason: 'Breaks the platform rules.' });
  };
  const gone404 = await escalate('/p/404', platform);
  const gone410 = await escalate('/p/410', platform);
  const flaky = await escalate('/p/503', platform);
  const notPlatform = await escalate('/p/police', police);

  const state = async (id: string) => (await getEscalation(db, id))!;
  const run = async () => {
    const before = (await state(flaky)).lastCheckedAt?.getTime() ?? 0;
    await under.runner.enqueue('content-recheck', { minIntervalMinutes: 0 });
    await waitFor(
      async () => ((await state(flaky)).lastCheckedAt?.getTime() ?? 0) > before,
      20_000,
      're-check run',
    );
  };

  await run();
  for (const id of [gone404, gone410, flaky]) expect((await state(id)).contentStatus).toBe('online');
  expect(hits.get('/p/police')).toBeUndefined();

  answer.set('/p/404', 404);
  answer.set('/p/410', 410);
  answer.set('/p/503', 503);
  const started = Date.now();
  await run();
  for (const id of [gone404, gone410]) {
    const e = await state(id);
    expect(e.contentStatus).toBe('removed');
    expect(e.removedAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(e.history.at(-1)).toMatchObject({ action: 'escalation.content_removed', actorLabel: 'system' });
  }
  const f = await state(flaky);
  expect(f.contentStatus).toBe('online');
  expect(f.removedAt).toBeNull();
  expect(f.lastCheckedAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
  expect((await state(notPlatform)).contentStatus).toBe('unknown');

  // Removed content is not asked for again.
  const asked = hits.get('/p/404');
  await run();
  expect(hits.get('/p/404')).toBe(asked);
  expect(hits.get('/p/police')).toBeUndefined();
}, 60_000);
