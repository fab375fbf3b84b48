import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Actor } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { sessions } from '../schema/users.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  accountLockedUntil,
  endSessions,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  unlockUser,
} from './sign-in.js';
import { createUser } from './users.js';

const admin: Actor = { id: null, label: 'test admin' };
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describe('sign-in throttling and sessions', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
  });
  afterAll(async () => {
    await d.drop();
  });

  it('locks an account on the fifth wrong password, audits the lock, and a success clears the count', async () => {
    const user = await createUser(d.db, admin, {
      email: 'lock.me@example.com',
      name: 'Lock Me',
      role: 'analyst',
      password: 'river lantern autumn pebble',
    });
    const t0 = new Date('2026-11-29T09:00:00Z');
    for (let i = 0; i < 4; i++)
      expect(await recordFailedSignIn(d.db, 'LOCK.me@example.com', minutes(t0, i))).toBeNull();
    expect(await accountLockedUntil(d.db, 'lock.me@example.com', minutes(t0, 4))).toBeNull();
    const until = await recordFailedSignIn(d.db, 'lock.me@example.com', minutes(t0, 4));
    expect(until).toEqual(minutes(t0, 19));
    expect(await accountLockedUntil(d.db, 'lock.me@example.com', minutes(t0, 10))).toEqual(minutes(t0, 19));
    expect(await accountLockedUntil(d.db, 'lock.me@example.com', minutes(t0, 20))).toBeNull();
    const locks = await d.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.locked')));
    expect(locks).toHaveLength(1);

    await unlockUser(d.db, admin, user.id);
    expect(await accountLockedUntil(d.db, 'lock.me@example.com', minutes(t0, 10))).toBeNull();
    await recordFailedSignIn(d.db, 'lock.me@example.com', minutes(t0, 30));
    await recordSuccessfulSignIn(d.db, user.id);
    for (let i = 0; i < 4; i++) await recordFailedSignIn(d.db, 'lock.me@example.com', minutes(t0, 40 + i));
    // Four failures after the success: the earlier one no longer counts.
    expect(await accountLockedUntil(d.db, 'lock.me@example.com', minutes(t0, 45))).toBeNull();
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('records nothing for an unknown address', async () => {
    expect(await recordFailedSignIn(d.db, 'nobody@example.com')).toBeNull();
    expect(await accountLockedUntil(d.db, 'nobody@example.com')).toBeNull();
  });

  it('ends every session, or every other session, with an audit row', async () => {
    const user = await createUser(d.db, admin, {
      email: 'many.devices@example.com',
      name: 'Many Devices',
      role: 'analyst',
      password: 'river lantern autumn pebble',
    });
    const expiresAt = new Date(Date.now() + 3_600_000);
    const ids = ['session_a1', 'session_b2', 'session_c3'];
    await d.db
      .insert(sessions)
      .values(ids.map((id) => ({ id, token: `t-${id}`, userId: user.id, expiresAt })));
    expect(await endSessions(d.db, admin, user.id, { except: 'session_a1' })).toBe(2);
    const left = await d.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(left.map((s) => s.id)).toEqual(['session_a1']);
    expect(await endSessions(d.db, admin, user.id)).toBe(1);
    const audit = await d.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.sessions_ended')));
    expect(audit).toHaveLength(2);
  });
});
