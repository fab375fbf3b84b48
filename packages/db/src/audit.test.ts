import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, verifyAuditChain, type Actor } from './audit.js';
import { roles } from './schema/users.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const ann: Actor = { id: null, label: 'Ann Admin' };

describe('audit chain in PostgreSQL', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
  });
  afterAll(async () => {
    await d.drop();
  });

  it('writes one chained row per mutation, in the same transaction', async () => {
    for (const key of ['alpha', 'beta', 'gamma']) {
      await mutate(d.db, ann, async (tx) => {
        await tx.insert(roles).values({ key, label: key, description: 'test role' });
        return {
          result: key,
          audit: { action: 'role.create', entityType: 'role', entityId: key, change: { key } },
        };
      });
    }
    expect(await verifyAuditChain(d.db)).toEqual({ ok: true, rows: 3 });
  });

  it('stores neither the change nor its audit row when the mutation fails', async () => {
    await expect(
      mutate(d.db, ann, async (tx) => {
        await tx.insert(roles).values({ key: 'delta', label: 'delta', description: 'x' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const verdict = await verifyAuditChain(d.db);
    expect(verdict.rows).toBe(3);
  });

  it('keeps the chain dense under concurrent mutations', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        mutate(d.db, ann, () =>
          Promise.resolve({
            result: i,
            audit: { action: 'test.touch', entityType: 'test', entityId: String(i), change: { i } },
          }),
        ),
      ),
    );
    expect(await verifyAuditChain(d.db)).toEqual({ ok: true, rows: 15 });
  });

  it('names the row changed by hand', async () => {
    await d.db.execute(sql`update audit_log set change = '{"key":"forged"}' where seq = 2`);
    const verdict = await verifyAuditChain(d.db);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenAt.seq).toBe(2);
  });
});
