import { campaignPlanOpen, DomainError, newId, type ActivityStatus } from '@counterpoint/core';
import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { mutate } from '../audit.js';
import type { Db } from '../open.js';
import { campaignActivities, campaigns } from '../schema/campaigns.js';
import { tasks } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { users } from '../schema/users.js';
import type { CampaignActor } from './campaigns.js';

export interface ActivityInput {
  title: string;
  channel: string | null;
  districtId: string | null;
  startsAt: Date;
  endsAt: Date | null;
  ownerId: string | null;
  reminderMinutesBefore: number | null;
}

export interface ActivityRow {
  id: string;
  campaignId: string;
  campaignTitle: string;
  campaignStatus: string;
  title: string;
  channel: string | null;
  districtId: string | null;
  district: string | null;
  startsAt: Date;
  endsAt: Date | null;
  status: ActivityStatus;
  reach: number | null;
  engagement: number | null;
  ownerId: string | null;
  owner: string | null;
  reminderMinutesBefore: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a scheduled reminder needs to know after a write (the web app enqueues it). */
export interface ReminderPlan {
  activityId: string;
  startsAt: Date;
  minutesBefore: number | null;
  status: ActivityStatus;
}

const columns = {
  id: campaignActivities.id,
  campaignId: campaignActivities.campaignId,
  campaignTitle: campaigns.title,
  campaignStatus: campaigns.status,
  title: campaignActivities.title,
  channel: campaignActivities.channel,
  districtId: campaignActivities.districtId,
  district: districts.name,
  startsAt: campaignActivities.startsAt,
  endsAt: campaignActivities.endsAt,
  status: campaignActivities.status,
  reach: campaignActivities.reach,
  engagement: campaignActivities.engagement,
  ownerId: campaignActivities.ownerId,
  owner: users.name,
  reminderMinutesBefore: campaignActivities.reminderMinutesBefore,
  createdAt: campaignActivities.createdAt,
  updatedAt: campaignActivities.updatedAt,
};

function activityQuery(db: Db) {
  return db
    .select(columns)
    .from(campaignActivities)
    .innerJoin(campaigns, eq(campaigns.id, campaignActivities.campaignId))
    .leftJoin(districts, eq(districts.id, campaignActivities.districtId))
    .leftJoin(users, eq(users.id, campaignActivities.ownerId));
}

/** A campaign's plan: its activities in date order. */
export function listCampaignActivities(db: Db, campaignId: string): Promise<ActivityRow[]> {
  return activityQuery(db)
    .where(eq(campaignActivities.campaignId, campaignId))
    .orderBy(asc(campaignActivities.startsAt), asc(campaignActivities.id));
}

export async function getActivity(db: Db, id: string): Promise<ActivityRow | null> {
  const [row] = await activityQuery(db).where(eq(campaignActivities.id, id)).limit(1);
  return row ?? null;
}

export interface CalendarFilter {
  from: Date;
  to: Date;
  districtId?: string | null;
  channel?: string | null;
}

/** Activities across all campaigns starting in [from, to), for the calendar; bounded at 2,000. */
export function listCalendarActivities(db: Db, filter: CalendarFilter): Promise<ActivityRow[]> {
  const where = [gte(campaignActivities.startsAt, filter.from), lt(campaignActivities.startsAt, filter.to)];
  if (filter.districtId) where.push(eq(campaignActivities.districtId, filter.districtId));
  if (filter.channel) where.push(eq(campaignActivities.channel, filter.channel));
  return activityQuery(db)
    .where(and(...where))
    .orderBy(asc(campaignActivities.startsAt), asc(campaignActivities.id))
    .limit(2000);
}

/** Channels in use, for the calendar's filter. */
export async function activityChannels(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ channel: campaignActivities.channel })
    .from(campaignActivities)
    .where(sql`${campaignActivities.channel} is not null and ${campaignActivities.channel} <> ''`)
    .orderBy(asc(campaignActivities.channel));
  return rows.map((r) => r.channel!);
}

function checkInput(input: ActivityInput): void {
  if (!input.title.trim()) throw new DomainError('invalid_input', 'Give the activity a title.');
  if (input.title.length > 200)
    throw new DomainError('invalid_input', 'Keep the title under 200 characters.');
  if (Number.isNaN(input.startsAt.getTime()))
    throw new DomainError('invalid_input', 'Choose when it starts.');
  if (input.endsAt && input.endsAt.getTime() <= input.startsAt.getTime())
    throw new DomainError('invalid_input', 'The end must be after the start.');
  if (input.reminderMinutesBefore !== null && !(input.reminderMinutesBefore > 0))
    throw new DomainError('invalid_input', 'Choose when to be reminded.');
}

async function openCampaign(tx: Db, campaignId: string): Promise<{ ownerId: string | null }> {
  const [c] = await tx
    .select({ status: campaigns.status, ownerId: campaigns.ownerId })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .limit(1);
  if (!c) throw new DomainError('not_found', 'That campaign no longer exists.');
  if (!campaignPlanOpen(c.status))
    throw new DomainError('invalid_state', 'This campaign is finished; its plan can no longer change.');
  return c;
}

/** A reminder raised for an earlier start is closed, so the new start gets its own. */
async function closeStaleReminder(tx: Db, activityId: string): Promise<void> {
  await tx
    .update(tasks)
    .set({ doneAt: new Date() })
    .where(
      and(
        eq(tasks.kind, 'campaign_reminder'),
        eq(tasks.entityType, 'campaign_activity'),
        eq(tasks.entityId, activityId),
        isNull(tasks.doneAt),
      ),
    );
}

export async function createActivity(
  db: Db,
  actor: CampaignActor,
  campaignId: string,
  input: ActivityInput,
): Promise<ReminderPlan> {
  checkInput(input);
  const id = newId('activity');
  return mutate(db, actor, async (tx) => {
    const campaign = await openCampaign(tx, campaignId);
    await tx.insert(campaignActivities).values({
      id,
      campaignId,
      ...input,
      title: input.title.trim(),
      ownerId: input.ownerId ?? campaign.ownerId ?? actor.id,
    });
    return {
      result: {
        activityId: id,
        startsAt: input.startsAt,
        minutesBefore: input.reminderMinutesBefore,
        status: 'planned',
      },
      audit: {
        action: 'campaign_activity.created',
        entityType: 'campaign_activity',
        entityId: id,
        change: { campaignId, ...input },
      },
    };
  });
}

async function lockActivity(tx: Db, id: string) {
  const [row] = await tx
    .select({
      campaignId: campaignActivities.campaignId,
      startsAt: campaignActivities.startsAt,
      endsAt: campaignActivities.endsAt,
      status: campaignActivities.status,
      reminderMinutesBefore: campaignActivities.reminderMinutesBefore,
    })
    .from(campaignActivities)
    .where(eq(campaignActivities.id, id))
    .for('update')
    .limit(1);
  if (!row) throw new DomainError('not_found', 'That activity no longer exists.');
  return row;
}

export async function updateActivity(
  db: Db,
  actor: CampaignActor,
  id: string,
  input: ActivityInput,
): Promise<ReminderPlan> {
  checkInput(input);
  return mutate(db, actor, async (tx) => {
    const before = await lockActivity(tx, id);
    await openCampaign(tx, before.campaignId);
    const moved =
      before.startsAt.getTime() !== input.startsAt.getTime() ||
      before.reminderMinutesBefore !== input.reminderMinutesBefore;
    await tx
      .update(campaignActivities)
      .set({
        ...input,
        title: input.title.trim(),
        updatedAt: new Date(),
        ...(moved ? { reminderSentAt: null } : {}),
      })
      .where(eq(campaignActivities.id, id));
    if (moved) await closeStaleReminder(tx, id);
    return {
      result: {
        activityId: id,
        startsAt: input.startsAt,
        minutesBefore: input.reminderMinutesBefore,
        status: before.status,
      },
      audit: {
        action: 'campaign_activity.updated',
        entityType: 'campaign_activity',
        entityId: id,
        change: { before: { startsAt: before.startsAt, endsAt: before.endsAt }, ...input },
      },
    };
  });
}

/**
 * Moves an activity (calendar drag or keyboard). `expectedStartsAt` is the start the person saw:
 * if someone else moved it meanwhile the move is refused rather than silently overwriting theirs.
 */
export async function rescheduleActivity(
  db: Db,
  actor: CampaignActor,
  id: string,
  move: { startsAt: Date; endsAt: Date | null; expectedStartsAt?: Date | null },
): Promise<ReminderPlan> {
  if (Number.isNaN(move.startsAt.getTime())) throw new DomainError('invalid_input', 'Choose a new date.');
  return mutate(db, actor, async (tx) => {
    const before = await lockActivity(tx, id);
    await openCampaign(tx, before.campaignId);
    if (before.status !== 'planned')
      throw new DomainError('invalid_state', 'Only a planned activity can be moved.');
    if (move.expectedStartsAt && move.expectedStartsAt.getTime() !== before.startsAt.getTime())
      throw new DomainError(
        'conflict',
        'Someone else moved this activity meanwhile. The calendar now shows where it is.',
      );
    await tx
      .update(campaignActivities)
      .set({ startsAt: move.startsAt, endsAt: move.endsAt, reminderSentAt: null, updatedAt: new Date() })
      .where(eq(campaignActivities.id, id));
    await closeStaleReminder(tx, id);
    return {
      result: {
        activityId: id,
        startsAt: move.startsAt,
        minutesBefore: before.reminderMinutesBefore,
        status: before.status,
      },
      audit: {
        action: 'campaign_activity.rescheduled',
        entityType: 'campaign_activity',
        entityId: id,
        change: {
          from: { startsAt: before.startsAt, endsAt: before.endsAt },
          to: { startsAt: move.startsAt, endsAt: move.endsAt },
        },
      },
    };
  });
}

export interface ActivityOutcomeInput {
  status: ActivityStatus;
  reach: number | null;
  engagement: number | null;
}

/** Delivered, cancelled or back to planned, with the reach and engagement figures entered. */
export async function recordActivityOutcome(
  db: Db,
  actor: CampaignActor,
  id: string,
  input: ActivityOutcomeInput,
): Promise<void> {
  for (const [name, v] of [
    ['Reach', input.reach],
    ['Engagement', input.engagement],
  ] as const)
    if (v !== null && (!Number.isInteger(v) || v < 0 || v > 100_000_000))
      throw new DomainError('invalid_input', `${name} must be a whole number of people, 0 or more.`);
  if (input.status !== 'delivered' && (input.reach !== null || input.engagement !== null))
    throw new DomainError(
      'invalid_input',
      'Reach and engagement are recorded for delivered activities only.',
    );
  await mutate(db, actor, async (tx) => {
    const before = await lockActivity(tx, id);
    await tx
      .update(campaignActivities)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(campaignActivities.id, id));
    return {
      result: undefined,
      audit: {
        action: 'campaign_activity.outcome_recorded',
        entityType: 'campaign_activity',
        entityId: id,
        change: { from: before.status, ...input },
      },
    };
  });
}
