import { createHash, randomBytes } from 'node:crypto';
import { can, isRole, newId, type Role } from '@counterpoint/core';
import { and, eq, isNull } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { alertSubscriptions, feedTokens } from '../schema/narratives.js';
import { users } from '../schema/users.js';
import { listAlerts, type AlertRow } from './alerts.js';

/**
 * A person's alerts as an Atom feed at a secret URL, for feed readers that cannot sign in. The token
 * in the URL is the only credential: 32 random bytes, shown once, stored only as its SHA-256. One
 * live token per person: making a new one revokes the old. A token stops working when revoked, when
 * its owner is disabled, or when their role can no longer see the dashboard.
 */

const PREFIX = 'cpa_';

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface AlertFeedTokenInfo {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function activeAlertFeedToken(db: Db, userId: string): Promise<AlertFeedTokenInfo | null> {
  const [row] = await db
    .select({ id: feedTokens.id, createdAt: feedTokens.createdAt, lastUsedAt: feedTokens.lastUsedAt })
    .from(feedTokens)
    .where(
      and(eq(feedTokens.userId, userId), eq(feedTokens.purpose, 'alerts_atom'), isNull(feedTokens.revokedAt)),
    )
    .limit(1);
  return row ?? null;
}

/** Creates the person's feed token (revoking any earlier one) and returns it, once. */
export async function createAlertFeedToken(
  db: Db,
  actor: Actor & { id: string },
): Promise<{ id: string; token: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = newId('feedToken');
  return mutate(db, actor, async (tx) => {
    const revoked = await tx
      .update(feedTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(feedTokens.userId, actor.id),
          eq(feedTokens.purpose, 'alerts_atom'),
          isNull(feedTokens.revokedAt),
        ),
      )
      .returning({ id: feedTokens.id });
    await tx
      .insert(feedTokens)
      .values({ id, userId: actor.id, purpose: 'alerts_atom', tokenHash: hashToken(token) });
    return {
      result: { id, token },
      // Never the token itself.
      audit: {
        action: 'alert_feed.created',
        entityType: 'feed_token',
        entityId: id,
        change: { replaced: revoked.map((r) => r.id) },
      },
    };
  });
}

/** Revokes the person's live feed token, if any; answers whether there was one. */
export async function revokeAlertFeedToken(db: Db, actor: Actor & { id: string }): Promise<boolean> {
  return mutate(db, actor, async (tx) => {
    const revoked = await tx
      .update(feedTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(feedTokens.userId, actor.id),
          eq(feedTokens.purpose, 'alerts_atom'),
          isNull(feedTokens.revokedAt),
        ),
      )
      .returning({ id: feedTokens.id });
    return {
      result: revoked.length > 0,
      audit: revoked.map((r) => ({
        action: 'alert_feed.revoked',
        entityType: 'feed_token',
        entityId: r.id,
        change: {},
      })),
    };
  });
}

export interface AlertFeed {
  userId: string;
  userName: string;
  role: Role;
  alerts: AlertRow[];
}

/**
 * The alerts a token opens, or null for an unknown, revoked or powerless token. The person's
 * subscriptions choose the alerts; with none, every alert. Marks the token used at most once an
 * hour, so a reader polling every few minutes does not write on every request.
 */
export async function alertFeedForToken(db: Db, token: string, limit = 50): Promise<AlertFeed | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const [row] = await db
    .select({
      id: feedTokens.id,
      userId: feedTokens.userId,
      revokedAt: feedTokens.revokedAt,
      lastUsedAt: feedTokens.lastUsedAt,
      role: users.role,
      disabled: users.disabled,
      userName: users.name,
    })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(and(eq(feedTokens.tokenHash, hashToken(token)), eq(feedTokens.purpose, 'alerts_atom')))
    .limit(1);
  if (!row || row.revokedAt || row.disabled || !isRole(row.role) || !can(row.role, 'dashboard:view'))
    return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 3600_000)
    await db.update(feedTokens).set({ lastUsedAt: new Date() }).where(eq(feedTokens.id, row.id));
  const subscribed = await hasSubscriptions(db, row.userId);
  const alerts = await listAlerts(db, subscribed ? { mineFor: row.userId, limit } : { limit });
  return { userId: row.userId, userName: row.userName, role: row.role, alerts };
}

async function hasSubscriptions(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: alertSubscriptions.id })
    .from(alertSubscriptions)
    .where(and(eq(alertSubscriptions.userId, userId), eq(alertSubscriptions.enabled, true)))
    .limit(1);
  return Boolean(row);
}
