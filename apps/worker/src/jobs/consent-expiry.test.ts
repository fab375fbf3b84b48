import { CONSENT_TASK_KIND, newId, parseConfig } from '@counterpoint/core';
import { createUser, ensureReferenceData, rowsOf, schema, SYSTEM_ACTOR } from '@counterpoint/db';
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

const taskCount = async () =>
  rowsOf<{ n: number }>(
    await database.db.execute(`select count(*)::int as n from tasks where kind = '${CONSENT_TASK_KIND}'`),
  )[0]!.n;
const reviews = async () =>
  rowsOf<{ n: number }>(
    await database.db.execute(
      "select count(*)::int as n from audit_log where action in ('task.raised', 'consent.reviewed')",
    ),
  )[0]!.n;

it('consent-expiry raises a task for the owner through the runner, and a second run adds none', async () => {
  const owner = await createUser(database.db, SYSTEM_ACTOR, {
    email: 'owner@example.org',
    name: 'Owner',
    role: 'engagement_officer',
    password: 'correct-horse-battery-staple',
  });
  const now = new Date();
  const soon = new Date(now.getTime() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await database.db.insert(schema.contacts).values({
    id: newId('contact'),
    name: 'Renewal Due',
    email: 'due@example.org',
    lawfulBasis: 'consent',
    consentGivenOn: '2024-01-01',
    consentExpiresOn: soon,
    ownerId: owner.id,
  });
  const { runner, cleanup } = makeRunner('in-process', {
    registry: buildRegistry(JOBS),
    db: database.db,
    config: parseConfig({}),
  });
  await runner.start();
  try {
    await runner.enqueue('consent-expiry', {});
    await waitFor(async () => (await taskCount()) === 1, 10_000, 'task raised');
    const [task] = rowsOf<{ assignee_id: string; due_on: string }>(
      await database.db.execute(`select assignee_id, due_on::text from tasks`),
    );
    expect(task).toEqual({ assignee_id: owner.id, due_on: soon });
    const before = await reviews();
    await runner.enqueue('consent-expiry', {});
    await waitFor(async () => (await reviews()) > before, 10_000, 'second review');
    expect(await taskCount()).toBe(1);
  } finally {
    await cleanup();
  }
});
