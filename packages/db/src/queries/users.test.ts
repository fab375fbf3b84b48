import { DomainError } from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Actor } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { accounts, sessions } from '../schema/users.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { createUser, disableUser, getUserByEmail, listUsers, setUserRole } from './users.js';

const actor: Actor = { id: null, label: 'test admin' };

describe('users', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
  });
  afterAll(async () => {
    await d.drop();
  });

  it('creates a user with a credential account and an audit row', async () => {
    const user = await createUser(d.db, actor, {
      email: ' Nia.Jones@Example.com ',
      name: 'Nia Jones',
      role: 'analyst',
      password: 'a long enough password',
    });
    expect(user.email).toBe('nia.jones@example.com');
    const [account] = await d.db.select().from(accounts).where(eq(accounts.userId, user.id));
    expect(account).toMatchObject({ providerId: 'credential', accountId: user.id });
    expect(account!.password).toMatch(/^\$argon2id\$/);
    const audit = await d.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.create')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.change)).not.toContain('password');
    expect((await getUserByEmail(d.db, 'NIA.JONES@example.com'))?.id).toBe(user.id);
  });

  it('refuses a duplicate e-mail with a conflict and writes nothing', async () => {
    const before = (await verifyAuditChain(d.db)).rows;
    const attempt = createUser(d.db, actor, {
      email: 'nia.jones@example.com',
      name: 'Someone Else',
      role: 'supervisor',
      password: 'another long password',
    });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect((await verifyAuditChain(d.db)).rows).toBe(before);
    expect(await listUsers(d.db)).toHaveLength(1);
  });

  it('refuses an unknown role and a short password', async () => {
    const base = { email: 'x@example.com', name: 'X', password: 'long enough password' };
    await expect(createUser(d.db, actor, { ...base, role: 'overlord' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      createUser(d.db, actor, { ...base, role: 'analyst', password: 'short' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('changes a role and disables a user, auditing both and ending sessions', async () => {
    const user = (await getUserByEmail(d.db, 'nia.jones@example.com'))!;
    await d.db.insert(sessions).values({
      id: 'ses_test',
      token: 'tok',
      userId: user.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    expect((await setUserRole(d.db, actor, user.id, 'supervisor')).role).toBe('supervisor');
    expect((await disableUser(d.db, actor, user.id)).disabled).toBe(true);
    expect(await d.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const actions = (await d.db.select().from(auditLog).where(eq(auditLog.entityId, user.id))).map(
      (r) => r.action,
    );
    expect(actions).toEqual(['user.create', 'user.set_role', 'user.disable']);
    await expect(setUserRole(d.db, actor, 'usr_missing', 'analyst')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true });
  });
});
