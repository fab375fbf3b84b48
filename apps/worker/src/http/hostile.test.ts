import { randomBytes } from 'node:crypto';
import { parseConfig } from '@counterpoint/core';
import { createApiKey, createSource, type Actor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../jobs/index.js';
import { silentLogger } from '../logger.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, type RunnerUnderTest } from '../testing/runners.js';
import { createApi } from './app.js';
import { ROUTES } from './routes/index.js';

/**
 * Hostile input for every API endpoint: generated malformed bodies, query strings and headers.
 * Each must get an answer below 500, and a refusal must say what was wrong in words. Runs per
 * endpoint default to 1,000 (HOSTILE_RUNS overrides, for a longer soak).
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000);
const ADMIN: Actor = { id: null, label: 'test' };
const config = {
  ...parseConfig({}),
  QUEUE_PREFIX: `cptest-hostile-${randomBytes(4).toString('hex')}`,
  // The limit would answer 429 before the body is read; here the body is what is under test.
  PUSH_RATE_LIMIT_PER_MINUTE: 1_000_000,
};

let database: TestDatabase;
let runner: RunnerUnderTest;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  runner = makeRunner('in-process', { registry: buildRegistry(JOBS), db: database.db, config });
  const sourceId = (await createSource(database.db, ADMIN, { kind: 'push', name: 'Hostile partner' })).id;
  token = (await createApiKey(database.db, ADMIN, { sourceId, name: 'hostile' })).token;
});
afterAll(async () => {
  await runner?.cleanup();
  await database?.drop();
});

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '<script>alert(1)</script>',
    "'; drop table items; --",
  ),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'NaN', 'Infinity', '1e309', '-0', 'null'),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
);

// Item-shaped objects with every field wrong in some way: wrong types, missing, oversized, odd keys.
const badItem = fc.record(
  {
    platform: fc.oneof(nasty, fc.integer(), fc.constant(null)),
    externalId: fc.oneof(nasty, fc.double(), fc.array(fc.integer())),
    text: fc.oneof(nasty, fc.integer(), fc.dictionary(fc.string(), fc.string())),
    url: fc.oneof(nasty, fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'http://[::1', '//x')),
    author: fc.oneof(fc.constant(null), fc.record({ handle: fc.oneof(nasty, fc.integer()) }), nasty),
    publishedAt: fc.oneof(nasty, fc.constantFrom('2025-13-45T99:99:99Z', 'yesterday', '0'), fc.integer()),
    __proto__: fc.dictionary(fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
  {
    weight: 3,
    arbitrary: fc
      .record({ items: fc.array(badItem, { minLength: 1, maxLength: 5 }) })
      .map((v) => JSON.stringify(v)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ items: fc.oneof(nasty, fc.integer(), fc.constant(null)) })
      .map((v) => JSON.stringify(v)),
  },
  { weight: 2, arbitrary: nasty },
  // Deep nesting that a recursive parser or validator could choke on.
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: fc.string().map((s) => `{"items": [${s}`) },
);

const query = fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(nasty, fc.string()), { maxKeys: 4 });
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
);

describe('hostile input to the API', () => {
  const app = () =>
    createApi({
      db: database.db,
      runner: runner.runner,
      metrics: runner.metrics,
      logger: silentLogger(),
      config,
    });

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    `%s answers ${RUNS} malformed requests below 500, in words`,
    async (_name, route) => {
      const api = app();
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(
          body,
          query,
          contentType,
          fc.string({ maxLength: 40 }),
          async (b, q, type, param) => {
            const path = route.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(param) || 'x');
            const search = new URLSearchParams(q).toString();
            const res = await api.request(`${path}${search ? `?${search}` : ''}`, {
              method: route.method.toUpperCase(),
              headers: {
                ...(type ? { 'content-type': type } : {}),
                ...(route.access === 'public' ? {} : { authorization: `Bearer ${token}` }),
              },
              ...(route.method === 'get' ? {} : { body: b }),
            });
            const text = await res.text();
            expect(res.status, text.slice(0, 300)).toBeLessThan(500);
            if (res.status >= 400) {
              refused++;
              const parsed = JSON.parse(text) as { error?: { message?: string } };
              expect(parsed.error?.message?.length ?? 0).toBeGreaterThan(10);
            }
          },
        ),
        { numRuns: RUNS },
      );
      // Input-taking endpoints must actually refuse the garbage, not accept it.
      if (route.request?.body) expect(refused).toBeGreaterThan(RUNS * 0.95);
    },
    120_000,
  );
});
