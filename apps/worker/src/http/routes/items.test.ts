import { randomBytes } from 'node:crypto';
import { parseConfig, type Config } from '@counterpoint/core';
import {
  createApiKey,
  createSource,
  listApiKeys,
  revokeApiKey,
  setSourceEnabled,
  type Actor,
} from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/index.js';
import { silentLogger } from '../../logger.js';
import { buildRegistry } from '../../runtime/registry.js';
import { makeRunner, testRedisUrl, type RunnerUnderTest } from '../../testing/runners.js';
import { createApi } from '../app.js';
import { closeRateLimitConnections, MemoryRateLimiter } from './items-rate-limit.js';

const ADMIN: Actor = { id: null, label: 'test' };
const prefix = `cptest-push-${randomBytes(4).toString('hex')}`;

let database: TestDatabase;
let queue: RunnerUnderTest;
let sourceId: string;

function configWith(perMinute: number): Config {
  // Production-shaped: Redis backs the rate limit, shared by every API process.
  return {
    ...parseConfig({}),
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    PUSH_RATE_LIMIT_PER_MINUTE: perMinute,
  };
}

const api = (config: Config) =>
  createApi({
    db: database.db,
    runner: queue.runner,
    metrics: queue.metrics,
    logger: silentLogger(),
    config,
  });

const item = (i: number) => ({
  platform: 'partner',
  externalId: `p-${i}`,
  text: `Pushed post number ${i} about the weekend market and road closures.`,
  author: { handle: `@handle${i}@partner.example` },
  publishedAt: '2025-03-01T12:00:00Z',
});

function push(app: ReturnType<typeof api>, token: string | null, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request('/api/v1/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  // A BullMQ runner that is never started: what the API queues stays on the queue to be counted.
  queue = makeRunner('bullmq', { registry: buildRegistry(JOBS), db: database.db, config: parseConfig({}) });
  sourceId = (await createSource(database.db, ADMIN, { kind: 'push', name: 'Partner' })).id;
});
afterAll(async () => {
  await closeRateLimitConnections();
  await queue?.cleanup();
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await database?.drop();
});

describe('POST /api/v1/items', () => {
  it('answers 202 once the batch is queued: a push of up to 1,000 items is one ingest job', async () => {
    const { key, token } = await createApiKey(database.db, ADMIN, { sourceId, name: 'ok' });
    const before = (await queue.runner.depths()).ingest.waiting;
    const res = await push(api(configWith(1000)), token, {
      items: Array.from({ length: 1000 }, (_, i) => item(i)),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: number; batches: { jobId: string; items: number }[] };
    expect(body.accepted).toBe(1000);
    expect(body.batches.map((b) => b.items)).toEqual([1000]);
    expect((await queue.runner.depths()).ingest.waiting).toBe(before + 1);
    const [stored] = (await listApiKeys(database.db, { sourceId })).filter((k) => k.id === key.id);
    expect(stored?.lastUsedAt).not.toBeNull();
  });

  it('refuses missing, tampered and revoked keys with 401', async () => {
    const app = api(configWith(1000));
    const { key, token } = await createApiKey(database.db, ADMIN, { sourceId, name: 'auth' });
    expect((await push(app, null, { items: [item(1)] })).status).toBe(401);
    const tampered = token.slice(0, -2) + (token.endsWith('xx') ? 'yy' : 'xx');
    const res = await push(app, tampered, { items: [item(1)] });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    await revokeApiKey(database.db, ADMIN, key.id);
    const revoked = await push(app, token, { items: [item(1)] });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { message: 'This API key was revoked.' } });
  });

  it('lists invalid items by index with reasons (400) and queues nothing', async () => {
    const { token } = await createApiKey(database.db, ADMIN, { sourceId, name: 'bad items' });
    const before = (await queue.runner.depths()).ingest.waiting;
    const res = await push(api(configWith(1000)), token, {
      items: [item(0), { text: 'no platform' }, item(2), { platform: 'x', mediaUrls: 'not-a-list' }],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; issues: { path: string; message: string }[] };
    };
    expect(body.error.code).toBe('invalid_input');
    const paths = body.error.issues.map((i) => i.path);
    expect(paths).toContain('body.items.1.platform');
    expect(paths).toContain('body.items.3.mediaUrls');
    expect(paths.every((p) => /^body\.items\.(1|3)\./.test(p))).toBe(true);
    expect((await push(api(configWith(1000)), token, '{"items": [')).status).toBe(400);
    expect((await push(api(configWith(1000)), token, { items: [] })).status).toBe(400);
    const tooMany = await push(api(configWith(1000)), token, {
      items: Array.from({ length: 1001 }, (_, i) => item(i)),
    });
    expect(tooMany.status).toBe(400);
    expect((await queue.runner.depths()).ingest.waiting).toBe(before);
  });

  it('refuses a NUL (U+0000) anywhere in the body, naming the field, and queues nothing', async () => {
    const { token } = await createApiKey(database.db, ADMIN, { sourceId, name: 'nul' });
    const before = (await queue.runner.depths()).ingest.waiting;
    // Escaped in JSON text, as a client serialising a string with a NUL would send it.
    const text = JSON.stringify({ items: [item(0), { ...item(1), text: 'before\u0000after' }] });
    expect(text).toContain('\\u0000');
    const res = await push(api(configWith(1000)), token, text);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { message: string; issues: { path: string; message: string }[] };
    };
    expect(body.error.issues.map((i) => i.path)).toEqual(['body.items.1.text']);
    expect(body.error.issues[0]!.message).toMatch(/NUL character \(U\+0000\), which cannot be stored/);
    expect((await queue.runner.depths()).ingest.waiting).toBe(before);
  });

  it('refuses a body over the size cap with 413', async () => {
    const { token } = await createApiKey(database.db, ADMIN, { sourceId, name: 'big' });
    const huge = { items: [{ platform: 'partner', text: 'x'.repeat(11 * 1024 * 1024) }] };
    const res = await push(api(configWith(1000)), token, huge);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('rate-limits per key across API instances (429 with Retry-After)', async () => {
    const { token } = await createApiKey(database.db, ADMIN, { sourceId, name: 'limited' });
    const { token: other } = await createApiKey(database.db, ADMIN, { sourceId, name: 'other' });
    // Two apps standing for two API processes: the bucket lives in Redis and is shared.
    const a = api(configWith(3));
    const b = api(configWith(3));
    expect((await push(a, token, { items: [item(1)] })).status).toBe(202);
    expect((await push(b, token, { items: [item(2)] })).status).toBe(202);
    expect((await push(a, token, { items: [item(3)] })).status).toBe(202);
    const limited = await push(b, token, { items: [item(4)] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    expect((await push(a, other, { items: [item(5)] })).status).toBe(202);
  });

  it('refuses items for a disabled source with 409', async () => {
    const s = await createSource(database.db, ADMIN, { kind: 'push', name: 'Switched off' });
    const { token } = await createApiKey(database.db, ADMIN, { sourceId: s.id, name: 'k' });
    await setSourceEnabled(database.db, ADMIN, s.id, false);
    expect((await push(api(configWith(1000)), token, { items: [item(1)] })).status).toBe(409);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await api(configWith(1000)).request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const op = doc.paths['/api/v1/items']?.post;
    expect(op?.requestBody).toBeDefined();
    expect(Object.keys(op?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '401', '413', '429']),
    );
  });
});

describe('MemoryRateLimiter', () => {
  it('refills over time', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ capacity: 2, perMs: 1 / 1000 }, () => now);
    expect((await limiter.take('k')).allowed).toBe(true);
    expect((await limiter.take('k')).allowed).toBe(true);
    expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterMs: 1000 });
    now = 1000;
    expect((await limiter.take('k')).allowed).toBe(true);
  });
});
