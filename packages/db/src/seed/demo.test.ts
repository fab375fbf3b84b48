import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit.js';
import { rowsOf } from '../open.js';
import { verifyPassword } from '../password.js';
import { countAll } from '../queries/counts.js';
import { listDistricts, listPlaces } from '../queries/districts.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { lexicons, lexiconTerms } from '../schema/scoring.js';
import { accounts, roles, users } from '../schema/users.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { seedDemo } from './demo.js';

describe('demo seed', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
  });
  afterAll(async () => {
    await d.drop();
  });

  it('seeds once, and a second run changes nothing', async () => {
    const now = new Date('2025-03-01T10:00:00Z');
    const first = await seedDemo(d.db, { now });
    expect(first.created).toBe(true);
    expect(first.users.map((u) => u.role).sort()).toEqual(
      [
        'admin',
        'analyst',
        'board_viewer',
        'communications_officer',
        'engagement_officer',
        'supervisor',
      ].sort(),
    );
    const counts = await countAll(d.db);
    const auditRows = counts.auditLog;

    const second = await seedDemo(d.db, { now });
    expect(second.created).toBe(false);
    expect(second.users).toEqual(first.users);
    expect(await countAll(d.db)).toEqual(counts);
    expect(auditRows).toBeGreaterThan(10);

    expect(counts).toMatchObject({
      users: 6,
      districts: 8,
      items: 0,
      signals: 0,
      campaigns: 1,
      risks: 3,
      spaces: 3,
    });
    expect(counts.places).toBeGreaterThanOrEqual(35);
    expect(counts.lexiconTerms).toBeGreaterThanOrEqual(40);
  });

  it('leaves a verifiable audit chain that names what it seeded', async () => {
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true });
    const [places] = await d.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'seed.demo'), eq(auditLog.entityType, 'place')));
    expect((places!.change as { count: number }).count).toBeGreaterThanOrEqual(35);
  });

  it('makes a county with districts beneath it and a gazetteer with ambiguous names', async () => {
    const all = await listDistricts(d.db);
    expect(all[0]!.tier).toBe('county');
    expect(all.slice(1).every((x) => x.parentId === all[0]!.id)).toBe(true);
    const gazetteer = await listPlaces(d.db);
    expect(gazetteer.filter((p) => p.ambiguous).map((p) => p.name)).toContain('Hope');
  });

  it('gives every demo user a credential account whose password verifies', async () => {
    const { users: signIns } = await seedDemo(d.db);
    for (const s of signIns) {
      expect(s.email).toMatch(/@example\.com$/);
      expect(s.password.length).toBeGreaterThanOrEqual(12);
    }
    const admin = signIns.find((s) => s.role === 'admin')!;
    const [row] = await d.db
      .select({
        password: accounts.password,
        providerId: accounts.providerId,
        accountId: accounts.accountId,
        id: users.id,
      })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(eq(users.email, admin.email));
    expect(row!.providerId).toBe('credential');
    expect(row!.accountId).toBe(row!.id);
    expect(await verifyPassword(row!.password!, admin.password)).toBe(true);
  });

  it('publishes lexicon version 1 as the active version, with context rules', async () => {
    const [lexicon] = await d.db.select().from(lexicons);
    expect(lexicon!.activeVersionId).toBeTruthy();
    const suppressed = await d.db
      .select()
      .from(lexiconTerms)
      .where(sql`cardinality(${lexiconTerms.suppressNear}) > 0`);
    expect(suppressed.length).toBeGreaterThan(5);
  });

  it('keeps reference data idempotent without adding audit rows', async () => {
    const before = (await countAll(d.db)).auditLog;
    expect(await ensureReferenceData(d.db)).toEqual({ roles: 0, retention: 0 });
    expect((await countAll(d.db)).auditLog).toBe(before);
    expect(await d.db.select().from(roles)).toHaveLength(6);
    const retention = rowsOf<{ data_class: string; days: number | null }>(
      await d.db.execute(sql`select data_class, days from retention_policies order by data_class`),
    );
    expect(retention).toContainEqual({ data_class: 'items_unsignalled', days: 30 });
  });
});
