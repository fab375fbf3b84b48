import { parseConfig } from '@counterpoint/core';
import { createNarrative, createUser, ensureReferenceData, rowsOf, SYSTEM_ACTOR } from '@counterpoint/db';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JOBS } from './index.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureReferenceData(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const statusChanges = async () =>
  rowsOf<{ n: number }>(
    await database.db.execute(
      "select count(*)::int as n from audit_log where action = 'narrative.status_changed'",
    ),
  )[0]!.n;

it('narratives-refresh stores a status time has changed, through the runner, once', async () => {
  const alex = await createUser(database.db, SYSTEM_ACTOR, {
    email: 'alex@example.org',
    name: 'Alex',
    role: 'analyst',
    password: 'correct-horse-battery-staple',
  });
  const old = await createTestSignal(database.db, {
    text: 'A story last told six weeks ago.',
    createdAt: new Date(Date.now() - 42 * 86_400_000),
  });
  const { id } = await createNarrative(
    database.db,
    { id: alex.id, label: alex.email },
    { title: 'Old story', summary: '', category: null, districtIds: [], signalIds: [old.id] },
  );
  // As if stored active weeks ago and not touched since.
  await database.db.execute(`update narratives set status = 'active' where id = '${id}'`);
  const { runner, cleanup } = makeRunner('in-process', {
    registry: buildRegistry(JOBS),
    db: database.db,
    config: parseConfig({}),
  });
  await runner.start();
  try {
    await runner.enqueue('narratives-refresh', {});
    await waitFor(async () => (await statusChanges()) === 1, 10_000, 'status refreshed');
    const [n] = rowsOf<{ status: string }>(
      await database.db.execute(`select status from narratives where id = '${id}'`),
    );
    expect(n?.status).toBe('dormant');
    await runner.enqueue('narratives-refresh', {});
    await new Promise((r) => setTimeout(r, 500));
    expect(await statusChanges()).toBe(1);
  } finally {
    await cleanup();
  }
});
