import {
  AFTER_SUCCESSFUL_SIGN_IN,
  DEFAULT_SIGN_IN_POLICY,
  afterFailedSignIn,
  isLocked,
  type SignInPolicy,
} from '@counterpoint/core';
import { eq, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, appendAudit, mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { sessions, users } from '../schema/users.js';
import { normaliseEmail } from './users.js';

/**
 * The account half of sign-in throttling (the address half lives in the web process). Unknown
 * e-mail addresses answer "not locked" and record nothing, so the lock cannot be used to find out
 * who has an account, and nobody can fill the table with made-up names.
 */
export async function accountLockedUntil(db: Db, email: string, now = new Date()): Promise<Date | null> {
  const [row] = await db
    .select({ failedSignIns: users.failedSignIns, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row && isLocked(row, now) ? row.lockedUntil : null;
}

/**
 * Counts a wrong password against the account. The row is locked for the read-modify-write so two
 * simultaneous guesses both count. Returns the new lock's end when this failure locked the account;
 * a lock is written to the audit trail (individual failures are not: they would flood it).
 */
export async function recordFailedSignIn(
  db: Db,
  email: string,
  now = new Date(),
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
): Promise<Date | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: users.id, failedSignIns: users.failedSignIns, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.email, normaliseEmail(email)))
      .for('update');
    if (!row) return null;
    const next = afterFailedSignIn(row, now, policy);
    await tx
      .update(users)
      .set({ failedSignIns: next.failedSignIns, lockedUntil: next.lockedUntil })
      .where(eq(users.id, row.id));
    if (!next.lockedNow) return null;
    await appendAudit(
      tx,
      SYSTEM_ACTOR,
      {
        action: 'user.locked',
        entityType: 'user',
        entityId: row.id,
        change: { failedSignIns: next.failedSignIns, lockedUntil: next.lockedUntil?.toISOString() },
      },
      now,
    );
    return next.lockedUntil;
  });
}

/** A successful sign-in clears the count of failures (only written when there is one to clear). */
export async function recordSuccessfulSignIn(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set(AFTER_SUCCESSFUL_SIGN_IN)
    .where(sql`${users.id} = ${userId} and (${users.failedSignIns} > 0 or ${users.lockedUntil} is not null)`);
}

/** An administrator lifts a lock before it runs out (the person proved who they are some other way). */
export async function unlockUser(db: Db, actor: Actor, userId: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    await tx.update(users).set(AFTER_SUCCESSFUL_SIGN_IN).where(eq(users.id, userId));
    return {
      result: undefined,
      audit: { action: 'user.unlocked', entityType: 'user', entityId: userId, change: {} },
    };
  });
}

/**
 * Ends every session a person has, on every device ("sign out everywhere"), or all but the one
 * they are using. Returns how many ended.
 */
export async function endSessions(
  db: Db,
  actor: Actor,
  userId: string,
  options: { except?: string | null } = {},
): Promise<number> {
  return mutate(db, actor, async (tx) => {
    const condition = options.except
      ? sql`${sessions.userId} = ${userId} and ${sessions.id} <> ${options.except}`
      : eq(sessions.userId, userId);
    const ended = await tx.delete(sessions).where(condition).returning({ id: sessions.id });
    return {
      result: ended.length,
      audit: {
        action: 'user.sessions_ended',
        entityType: 'user',
        entityId: userId,
        change: { sessions: ended.length, keptCurrent: Boolean(options.except) },
      },
    };
  });
}
