import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, verifyAuditChain, type Actor } from './audit.js';
import { openDatabase, OuterQueryInTransactionError, type Database } from './open.js';
import { endSessions, recordFailedSignIn, unlockUser } from './queries/sign-in.js';
import { createUser } from './queries/users.js';
import { ensureReferenceData } from './reference.js';
import { settings } from './schema/privacy.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

// A pool of ONE connection: a transaction that waited for a second connection would wait for ever,
// which is what ten such requests do to the web app's pool of ten. The timeouts only stop a
// regression from hanging the run; nothing here measures speed.
const admin: Actor = { id: null, label: 'test admin' };

/** Drizzle wraps a failed query's error ("Failed query: …"); the refusal is its cause. */
function refused(e: unknown): boolean {
  for (let at = e; at instanceof Error; at = at.cause)
    if (at instanceof OuterQueryInTransactionError) return true;
  return false;
}

describe('a transaction never waits for a second connection from its own pool', () => {
  let d: TestDatabase;
  let one: Database;
  beforeAll(async () => {
    d = await createTestDatabase();
    one = await openDatabase({ url: d.url, max: 1 });
  });
  afterAll(async () => {
    await one.close();
    await d.drop();
  });

  it('refuses a query on the outer handle inside a transaction, and the transaction stores nothing', async () => {
    const attempt = one.db.transaction(async (tx) => {
      await tx.insert(settings).values({ key: 'pool-guard', value: { step: 1 } });
      await one.db.select().from(settings);
      await tx.insert(settings).values({ key: 'pool-guard-after', value: { step: 2 } });
    });
    await expect(attempt).rejects.toSatisfy(refused);
    // The one connection is free again and neither write was kept.
    const left = await one.db.select().from(settings).where(eq(settings.key, 'pool-guard'));
    const after = await one.db.select().from(settings).where(eq(settings.key, 'pool-guard-after'));
    expect([left, after]).toEqual([[], []]);
  }, 10_000);

  it('refuses a second transaction opened on the outer handle inside one (mutate called with db, not tx)', async () => {
    const attempt = mutate(one.db, admin, async () => {
      await mutate(one.db, admin, (inner) =>
        inner
          .insert(settings)
          .values({ key: 'pool-guard-nested', value: {} })
          .then(() => ({
            result: undefined,
            audit: { action: 'test.nested', entityType: 'setting', entityId: 'x', change: {} },
          })),
      );
      return { result: undefined, audit: [] };
    });
    await expect(attempt).rejects.toSatisfy(refused);
  }, 10_000);

  it('lets queries on the transaction run together on its one connection, and the pool be used once it ends', async () => {
    let later: Promise<unknown> = Promise.resolve();
    const counts = await one.db.transaction(async (tx) => {
      const both = await Promise.all([tx.select().from(settings), tx.select().from(settings)]);
      // Work left running past the transaction's end may use the pool: nothing holds it any more.
      later = new Promise((r) => setTimeout(r, 50)).then(() => one.db.select().from(settings));
      return both.map((rows) => rows.length);
    });
    expect(counts[0]).toBe(counts[1]);
    await expect(later).resolves.toBeInstanceOf(Array);
  }, 10_000);

  it('completes real mutations (reference data, accounts, sign-in throttling, sessions) with one connection', async () => {
    await ensureReferenceData(one.db);
    const user = await createUser(one.db, admin, {
      email: 'one.connection@example.com',
      name: 'One Connection',
      role: 'analyst',
      password: 'river lantern autumn pebble',
    });
    const t0 = new Date('2026-11-29T09:00:00Z');
    let lockedUntil: Date | null = null;
    for (let i = 0; i < 5; i++)
      lockedUntil = await recordFailedSignIn(one.db, user.email, new Date(t0.getTime() + i * 1000));
    expect(lockedUntil).not.toBeNull();
    await unlockUser(one.db, admin, user.id);
    expect(await endSessions(one.db, admin, user.id)).toBe(0);
    expect((await verifyAuditChain(one.db)).ok).toBe(true);
  }, 20_000);
});
