import {
  DomainError,
  MIN_PASSWORD_LENGTH,
  isRole,
  newId,
  notFound,
  passwordProblems,
  type Role,
} from '@counterpoint/core';
import { asc, eq } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { hashPassword } from '../password.js';
import { accounts, sessions, users } from '../schema/users.js';

export type User = typeof users.$inferSelect;

export interface NewUser {
  email: string;
  name: string;
  role: string;
  password: string;
  organisation?: string | null;
}

// The web forms show the minimum; the rule itself lives in core.
export { MIN_PASSWORD_LENGTH };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new DomainError('invalid_input', `"${role}" is not a role.`, { field: 'role' });
  return role;
}

/** PostgreSQL's unique_violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Creates a person who can sign in with e-mail and password: the user row plus the credential
 * account better-auth reads (provider 'credential', account id = user id, argon2id hash).
 */
export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const role = checkRole(input.role);
  if (!EMAIL.test(email))
    throw new DomainError('invalid_input', 'That is not an e-mail address.', { field: 'email' });
  if (!name) throw new DomainError('invalid_input', 'A name is needed.', { field: 'name' });
  const weak = passwordProblems(input.password, { email, name });
  if (weak.length > 0) throw new DomainError('invalid_input', weak.join(' '), { field: 'password' });
  if (await getUserByEmail(db, email)) throw duplicate(email);
  // Hash before the transaction opens: argon2id is deliberately slow.
  const hashed = await hashPassword(input.password);
  try {
    return await mutate(db, actor, async (tx) => {
      const id = newId('user');
      const [user] = await tx
        .insert(users)
        .values({ id, email, name, role, organisation: input.organisation ?? null })
        .returning();
      await tx.insert(accounts).values({
        id: newId('account'),
        accountId: id,
        providerId: 'credential',
        userId: id,
        password: hashed,
      });
      return {
        result: user!,
        audit: {
          action: 'user.create',
          entityType: 'user',
          entityId: id,
          change: { email, name, role, organisation: input.organisation ?? null },
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(email);
    throw error;
  }
}

function duplicate(email: string): DomainError {
  return new DomainError('conflict', `Someone already uses ${email}.`, { field: 'email' });
}

export async function getUserByEmail(db: Db, email: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return user ?? null;
}

export async function getUser(db: Db, id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

export function listUsers(db: Db): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.name), asc(users.id));
}

export async function setUserRole(db: Db, actor: Actor, userId: string, role: string): Promise<User> {
  const next = checkRole(role);
  return mutate(db, actor, async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!before) throw notFound('User', userId);
    const [after] = await tx
      .update(users)
      .set({ role: next, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    return {
      result: after!,
      audit: {
        action: 'user.set_role',
        entityType: 'user',
        entityId: userId,
        change: { from: before.role, to: next },
      },
    };
  });
}

/** Disables a person and ends their sessions; the row stays so their history still has a name. */
export async function disableUser(db: Db, actor: Actor, userId: string): Promise<User> {
  return mutate(db, actor, async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ disabled: true, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    if (!after) throw notFound('User', userId);
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    return {
      result: after,
      audit: {
        action: 'user.disable',
        entityType: 'user',
        entityId: userId,
        change: { disabled: true, sessionsEnded: ended.length },
      },
    };
  });
}
