import { randomBytes } from 'node:crypto';
import { parseConfig } from '@counterpoint/core';
import {
  API_KEY_SCOPES,
  createApiKey,
  createSource,
  revokeApiKey,
  type Actor,
  type ApiKeyScope,
} from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../jobs/index.js';
import { silentLogger } from '../logger.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, type RunnerUnderTest } from '../testing/runners.js';
import { createApi } from './app.js';
import { ROUTES } from './routes/index.js';

/**
 * The API half of the permission matrix, generated from the route table: every endpoint is called
 * with no key, a tampered key, a revoked key, a key lacking the scope and a key holding it, and
 * each answer must match the route's declared `access`.
 */
const ADMIN: Actor = { id: null, label: 'test' };
const config = { ...parseConfig({}), QUEUE_PREFIX: `cptest-access-${randomBytes(4).toString('hex')}` };

let database: TestDatabase;
let runner: RunnerUnderTest;
let sourceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  runner = makeRunner('in-process', { registry: buildRegistry(JOBS), db: database.db, config });
  sourceId = (await createSource(database.db, ADMIN, { kind: 'push', name: 'Matrix partner' })).id;
});
afterAll(async () => {
  await runner?.cleanup();
  await database?.drop();
});

const app = () =>
  createApi({
    db: database.db,
    runner: runner.runner,
    metrics: runner.metrics,
    logger: silentLogger(),
    config,
  });

async function call(route: (typeof ROUTES)[number], token: string | null): Promise<Response> {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, 'sample');
  const body = route.method === 'get' ? undefined : JSON.stringify({ items: [] });
  return app().request(path, {
    method: route.method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

const tamper = (token: string) => token.slice(0, -3) + (token.endsWith('aaa') ? 'bbb' : 'aaa');

describe('API permission matrix', () => {
  it('covers every route in the table', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(3);
    for (const r of ROUTES) expect(r.access, `${r.method} ${r.path} must declare access`).toBeDefined();
  });

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s',
    async (_name, route) => {
      if (route.access === 'public') {
        const res = await call(route, null);
        expect([401, 403]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
        return;
      }
      const scope = route.access.scope;
      const none = await call(route, null);
      expect(none.status).toBe(401);

      const { key, token } = await createApiKey(database.db, ADMIN, {
        sourceId,
        name: `matrix ${scope}`,
        scopes: [scope],
      });
      const tampered = await call(route, tamper(token));
      expect(tampered.status).toBe(401);
      expect(((await tampered.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');

      const allowed = await call(route, token);
      expect([401, 403]).not.toContain(allowed.status);
      expect(allowed.status).toBeLessThan(500);

      // Only one scope exists today (items:push); when more do, a key holding only others is refused.
      const others: readonly ApiKeyScope[] = API_KEY_SCOPES.filter((s) => s !== scope);
      for (const other of others) {
        const { token: wrong } = await createApiKey(database.db, ADMIN, {
          sourceId,
          name: `matrix wrong scope`,
          scopes: [other],
        });
        expect((await call(route, wrong)).status).toBe(403);
      }

      await revokeApiKey(database.db, ADMIN, key.id);
      expect((await call(route, token)).status).toBe(401);
    },
  );
});
