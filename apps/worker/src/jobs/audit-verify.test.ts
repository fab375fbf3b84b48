import { parseConfig } from '@counterpoint/core';
import {
  mutate,
  queueAuditVerification,
  recentAuditVerifications,
  rowsOf,
  SYSTEM_ACTOR,
  verifyAuditChain,
} from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JOBS } from './index.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const lastVerdict = async () => {
  const rows = rowsOf<{ change: { ok: boolean; rows: number; brokenAt?: { seq: number } } }>(
    await database.db.execute(
      "select change from audit_log where action = 'audit.verified' order by seq desc limit 1",
    ),
  );
  return rows[0]?.change;
};

it('audit-verify walks the chain and records its verdict in the chain', async () => {
  const registry = buildRegistry(JOBS);
  const { runner, cleanup } = makeRunner('in-process', {
    registry,
    db: database.db,
    config: parseConfig({}),
  });
  await runner.start();
  try {
    for (let i = 0; i < 3; i++) {
      await mutate(database.db, SYSTEM_ACTOR, () =>
        Promise.resolve({
          result: null,
          audit: { action: 'test.touch', entityType: 'test', entityId: `t${i}`, change: { i } },
        }),
      );
    }
    await runner.enqueue('audit-verify', {});
    await waitFor(async () => (await lastVerdict()) !== undefined, 10_000, 'verdict');
    expect(await lastVerdict()).toMatchObject({ ok: true, rows: 3, throughSeq: 3 });
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 4 });
    // The schedule's run made its own row, which the audit page reads.
    expect((await recentAuditVerifications(database.db, 1))[0]).toMatchObject({
      status: 'done',
      ok: true,
      requestedBy: null,
    });

    // A walk asked for from the audit page runs on the row the page follows.
    const asked = await queueAuditVerification(database.db, SYSTEM_ACTOR);
    await runner.enqueue('audit-verify', { verificationId: asked.id });
    await waitFor(
      async () =>
        (await recentAuditVerifications(database.db, 5)).some(
          (v) => v.id === asked.id && v.status === 'done',
        ),
      10_000,
      'requested walk done',
    );
    expect((await recentAuditVerifications(database.db, 5)).filter((v) => v.status !== 'done')).toEqual([]);

    // Tamper with history: the next run records where the chain breaks.
    await database.db.execute(`update audit_log set change = '{"i": 99}' where seq = 2`);
    await runner.enqueue('audit-verify', {});
    await waitFor(async () => (await lastVerdict())?.ok === false, 10_000, 'broken verdict');
    expect(await lastVerdict()).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
  } finally {
    await cleanup();
  }
});
