import { parseConfig } from '@counterpoint/core';
import {
  createUser,
  ensureReferenceData,
  getRetentionRun,
  placeLegalHold,
  queueRetentionRun,
  rowsOf,
  SYSTEM_ACTOR,
} from '@counterpoint/db';
import { authorOf, createPlainItem } from '@counterpoint/db/queries/retention-testing';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JOBS } from './index.js';

const DAY = 86_400_000;
let database: TestDatabase;
let itemIds: string[] = [];
let heldId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await ensureReferenceData(database.db);
  const ago = (d: number) => new Date(Date.now() - d * DAY);
  await createTestSignal(database.db, { text: 'Fresh signal', createdAt: ago(1) });
  itemIds = [
    await createPlainItem(database.db, { at: ago(50), author: authorOf('a'), category: null }),
    await createPlainItem(database.db, { at: ago(60), author: authorOf('b'), category: 'islamist' }),
  ];
  heldId = (
    await createTestSignal(database.db, {
      text: 'Dismissed long ago, held',
      status: 'dismissed',
      createdAt: ago(200),
    })
  ).id;
});
afterAll(async () => {
  await database?.drop();
});

const itemsLeft = async () =>
  rowsOf<{ n: number }>(
    await database.db.execute(`select count(*)::int as n from items where id in ('${itemIds.join("','")}')`),
  )[0]!.n;

it('runs a queued retention run through the runner and records its receipt for the requester', async () => {
  const admin = await createUser(database.db, SYSTEM_ACTOR, {
    email: 'admin@example.org',
    name: 'Admin',
    role: 'admin',
    password: 'correct-horse-battery-staple',
  });
  await placeLegalHold(
    database.db,
    { id: admin.id, label: admin.email },
    { type: 'signal', id: heldId },
    'Held for a court case',
  );
  const runId = await queueRetentionRun(database.db, { id: admin.id, label: admin.email });
  const { runner, cleanup } = makeRunner('in-process', {
    registry: buildRegistry(JOBS),
    db: database.db,
    config: parseConfig({}),
  });
  await runner.start();
  try {
    await runner.enqueue('retention-run', { runId });
    await waitFor(
      async () => (await getRetentionRun(database.db, runId))?.status === 'done',
      20_000,
      'run done',
    );
    const run = await getRetentionRun(database.db, runId);
    expect(run?.counts).toMatchObject({ items_unsignalled: 2, signals_dismissed: 0 });
    expect(run?.planned).toEqual(run?.counts);
    expect(await itemsLeft()).toBe(0);
    const held = rowsOf<{ n: number }>(
      await database.db.execute(`select count(*)::int as n from signals where id = '${heldId}'`),
    )[0]!.n;
    expect(held).toBe(1);
  } finally {
    await cleanup();
  }
});

it('runs from the CLI: a dry run changes nothing and the real run reports the same counts', async () => {
  const env = {
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    AUTH_SECRET: 'a'.repeat(40),
    PSEUDONYM_SECRET: 'p'.repeat(40),
    IDENTITY_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  itemIds = [
    await createPlainItem(database.db, { at: new Date(Date.now() - 90 * DAY), author: authorOf('c') }),
  ];
  const cli = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  };
  const dry = await cli('retention', 'run', '--dry-run');
  expect(dry.stderr).toBe('');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toMatch(/Items that never became signals\s+1 /);
  expect(dry.stdout).toMatch(/kept by legal hold: 1 signal/);
  expect(await itemsLeft()).toBe(1);
  const real = await cli('retention', 'run');
  expect(real.code).toBe(0);
  expect(real.stdout).toMatch(/Items that never became signals\s+1 /);
  expect(real.stdout).toMatch(/total 1;/);
  expect(await itemsLeft()).toBe(0);
});
