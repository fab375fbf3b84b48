import { DomainError, parseConfig } from '@counterpoint/core';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JOBS } from '../jobs/index.js';
import { silentLogger } from '../logger.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, type RunnerUnderTest } from '../testing/runners.js';
import { createApi } from './app.js';
import { defineRoute } from './openapi.js';
import { ROUTES } from './routes/index.js';

const config = parseConfig({});
const registry = buildRegistry(JOBS);
let database: TestDatabase;
let inProcess: RunnerUnderTest;
let bullmq: RunnerUnderTest;

beforeAll(async () => {
  database = await createTestDatabase();
  inProcess = makeRunner('in-process', { registry, db: database.db, config });
  bullmq = makeRunner('bullmq', { registry, db: database.db, config });
});
afterAll(async () => {
  await inProcess?.cleanup();
  await bullmq?.cleanup();
  await database?.drop();
});

const api = (u: RunnerUnderTest, routes = ROUTES, db = database.db) =>
  createApi({ db, runner: u.runner, metrics: u.metrics, logger: silentLogger(), config }, routes);

describe('GET /health', () => {
  it('reports the database, no Redis, and queue depths in process', async () => {
    await inProcess.runner.enqueue('audit-verify', {}, { delayMs: 60_000 });
    const res = await api(inProcess).request('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', database: 'ok', redis: 'not_used' });
    expect(body.queues).toMatchObject({
      maintenance: { delayed: 1, waiting: 0, active: 0, failed: 0 },
      collect: {},
    });
  });

  it('reports Redis under BullMQ', async () => {
    const res = await api(bullmq).request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('answers 503 when the database does not', async () => {
    const broken = await createTestDatabase();
    await broken.close();
    const res = await api(inProcess, ROUTES, broken.db).request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'error', database: 'error' });
    await broken.drop().catch(() => undefined);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with queue depths, job durations and failures', async () => {
    inProcess.metrics.recordRun('audit-verify', 'maintenance', 0.2, 'completed');
    inProcess.metrics.recordRun('audit-verify', 'maintenance', 0.3, 'failed');
    const res = await api(inProcess).request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE counterpoint_queue_jobs gauge');
    expect(text).toMatch(/counterpoint_queue_jobs\{queue="maintenance",state="waiting"\} \d+/);
    expect(text).toContain(
      'counterpoint_job_duration_seconds_bucket{job="audit-verify",queue="maintenance",outcome="completed",le="0.25"} 1',
    );
    expect(text).toContain('counterpoint_job_failures_total{job="audit-verify",queue="maintenance"} 1');
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });
});

// Routes of this test's own, to exercise validation, error mapping and the document.
const testRoutes = [
  ...ROUTES,
  defineRoute({
    method: 'post',
    path: '/api/v1/things/:id',
    access: 'public',
    summary: 'Update a thing',
    request: {
      params: z.object({ id: z.string().startsWith('thg_') }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      body: z.object({ title: z.string().min(1), count: z.number().int().default(1) }),
    },
    responses: { 200: { description: 'Updated', schema: z.object({ id: z.string(), count: z.number() }) } },
    handler: (c, { params, body }) => {
      if (body.title === 'missing') throw new DomainError('not_found', `Thing ${params.id} was not found.`);
      if (body.title === 'crash') throw new Error('secret internal detail at /srv/app.js:12');
      return c.json({ id: params.id, count: body.count });
    },
  }),
];

describe('API routes', () => {
  const app = () => api(inProcess, testRoutes);
  const post = (path: string, body: unknown) =>
    app().request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  it('validates with the zod schemas and answers', async () => {
    const res = await post('/api/v1/things/thg_1', { title: 'A' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'thg_1', count: 1 });
  });

  it('lists every validation issue with a 400', async () => {
    const res = await post('/api/v1/things/bad', { title: '' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['body.title', 'params.id']);
  });

  it('maps domain errors to statuses and never leaks internals', async () => {
    const missing = await post('/api/v1/things/thg_1', { title: 'missing' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'Thing thg_1 was not found.' },
    });
    const crash = await post('/api/v1/things/thg_1', { title: 'crash' });
    expect(crash.status).toBe(500);
    const text = await crash.text();
    expect(text).not.toMatch(/secret|srv|at /);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal' } });
    const notJson = await app().request('/api/v1/things/thg_1', { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    const unknown = await app().request('/api/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('sets security headers on every response', async () => {
    for (const path of ['/health', '/metrics', '/api/v1/openapi.json', '/nowhere']) {
      const res = await app().request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('describes every route in an OpenAPI 3.1 document', async () => {
    const res = await app().request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string }[];
            requestBody?: unknown;
            responses: Record<string, unknown>;
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/items',
      '/api/v1/openapi.json',
      '/api/v1/things/{id}',
      '/health',
      '/metrics',
    ]);
    const op = doc.paths['/api/v1/things/{id}']!.post!;
    expect(op.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
      expect.objectContaining({ name: 'dryRun', in: 'query', required: false }),
    ]);
    expect(op.requestBody).toMatchObject({
      content: { 'application/json': { schema: { type: 'object', required: ['title'] } } },
    });
    expect(doc.paths['/health']!.get!.responses).toHaveProperty('503');
  });
});
