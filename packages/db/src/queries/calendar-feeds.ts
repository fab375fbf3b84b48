import { createHash, randomBytes } from 'node:crypto';
import { can, DomainError, isRole, newId, type Role } from '@counterpoint/core';
import { and, asc, desc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { campaignActivities, campaigns } from '../schema/campaigns.js';
import { districts } from '../schema/geography.js';
import { feedTokens } from '../schema/narratives.js';
import { users } from '../schema/users.js';

/**
 * Secret calendar URLs. A calendar app polls them without a session, so the token in the URL is the
 * only credential: 32 random bytes, shown once, stored only as its SHA-256. A feed stops working
 * when revoked, when its owner is disabled, or when their role no longer lets them see campaigns.
 */

const PREFIX = 'cal_';

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CalendarFeedRow {
  id: string;
  campaignId: string | null;
  campaignTitle: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listCalendarFeeds(db: Db, userId: string): Promise<CalendarFeedRow[]> {
  return db
    .select({
      id: feedTokens.id,
      campaignId: feedTokens.campaignId,
      campaignTitle: campaigns.title,
      createdAt: feedTokens.createdAt,
      lastUsedAt: feedTokens.lastUsedAt,
      revokedAt: feedTokens.revokedAt,
    })
    .from(feedTokens)
    .leftJoin(campaigns, eq(campaigns.id, feedTokens.campaignId))
    .where(and(eq(feedTokens.userId, userId), eq(feedTokens.purpose, 'calendar_ics')))
    .orderBy(sql`${feedTokens.revokedAt} is not null`, desc(feedTokens.createdAt))
    .limit(100);
}

/** Creates a feed for the person (all their activities) or for one campaign; returns the token once. */
export async function createCalendarFeed(
  db: Db,
  actor: Actor & { id: string },
  campaignId: string | null,
): Promise<{ id: string; token: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = newId('feedToken');
  return mutate(db, actor, async (tx) => {
    if (campaignId) {
      const [c] = await tx
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(eq(campaigns.id, campaignId))
        .limit(1);
      if (!c) throw new DomainError('not_found', 'That campaign no longer exists.');
    }
    await tx.insert(feedTokens).values({
      id,
      userId: actor.id,
      purpose: 'calendar_ics',
      campaignId,
      tokenHash: hashFeedToken(token),
    });
    return {
      result: { id, token },
      // The audit row records that a feed exists and what it shows; never the token.
      audit: {
        action: 'calendar_feed.created',
        entityType: 'feed_token',
        entityId: id,
        change: { campaignId },
      },
    };
  });
}

export async function revokeCalendarFeed(db: Db, actor: Actor & { id: string }, id: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [row] = await tx
      .update(feedTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(feedTokens.id, id),
          eq(feedTokens.userId, actor.id),
          eq(feedTokens.purpose, 'calendar_ics'),
          isNull(feedTokens.revokedAt),
        ),
      )
      .returning({ id: feedTokens.id });
    if (!row) throw new DomainError('not_found', 'That feed does not exist or was already revoked.');
    return {
      result: undefined,
      audit: { action: 'calendar_feed.revoked', entityType: 'feed_token', entityId: id, change: {} },
    };
  });
}

export interface ResolvedFeed {
  id: string;
  userId: string;
  userName: string;
  role: Role;
  campaignId: string | null;
}

/**
 * The feed a token opens, or null. Marks it used (at most once an hour, so a calendar polling every
 * few minutes does not write on every request).
 */
export async function resolveCalendarFeed(db: Db, token: string): Promise<ResolvedFeed | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const [row] = await db
    .select({
      id: feedTokens.id,
      userId: feedTokens.userId,
      campaignId: feedTokens.campaignId,
      revokedAt: feedTokens.revokedAt,
      lastUsedAt: feedTokens.lastUsedAt,
      role: users.role,
      disabled: users.disabled,
      userName: users.name,
    })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(and(eq(feedTokens.tokenHash, hashFeedToken(token)), eq(feedTokens.purpose, 'calendar_ics')))
    .limit(1);
  if (!row || row.revokedAt || row.disabled || !isRole(row.role) || !can(row.role, 'campaigns:view'))
    return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 3600_000)
    await db.update(feedTokens).set({ lastUsedAt: new Date() }).where(eq(feedTokens.id, row.id));
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    role: row.role,
    campaignId: row.campaignId,
  };
}

export interface FeedActivity {
  id: string;
  title: string;
  campaignId: string;
  campaignTitle: string;
  channel: string | null;
  district: string | null;
  startsAt: Date;
  endsAt: Date | null;
  status: 'planned' | 'delivered' | 'cancelled';
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What a feed shows: one campaign's activities, or the person's own (activities they own and
 * activities of campaigns they own), from six months back, at most 2,000.
 */
export async function calendarFeedActivities(
  db: Db,
  feed: ResolvedFeed,
  now = new Date(),
): Promise<FeedActivity[]> {
  const since = new Date(now.getTime() - 183 * 86_400_000);
  const scope = feed.campaignId
    ? eq(campaignActivities.campaignId, feed.campaignId)
    : or(eq(campaignActivities.ownerId, feed.userId), eq(campaigns.ownerId, feed.userId));
  return db
    .select({
      id: campaignActivities.id,
      title: campaignActivities.title,
      campaignId: campaigns.id,
      campaignTitle: campaigns.title,
      channel: campaignActivities.channel,
      district: districts.name,
      startsAt: campaignActivities.startsAt,
      endsAt: campaignActivities.endsAt,
      status: campaignActivities.status,
      createdAt: campaignActivities.createdAt,
      updatedAt: campaignActivities.updatedAt,
    })
    .from(campaignActivities)
    .innerJoin(campaigns, eq(campaigns.id, campaignActivities.campaignId))
    .leftJoin(districts, eq(districts.id, campaignActivities.districtId))
    .where(and(scope, gte(campaignActivities.startsAt, since)))
    .orderBy(asc(campaignActivities.startsAt))
    .limit(2000);
}
