import { londonDay, newId, reminderStillDue } from '@counterpoint/core';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR } from '../audit.js';
import type { Db } from '../open.js';
import { campaignActivities, campaigns } from '../schema/campaigns.js';
import { tasks } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { users } from '../schema/users.js';

export interface RaisedReminder {
  taskId: string;
  activity: {
    id: string;
    title: string;
    startsAt: Date;
    endsAt: Date | null;
    channel: string | null;
    district: string | null;
    campaignId: string;
    campaignTitle: string;
  };
  /** Who is reminded: the activity's owner, else the campaign's. Null when neither is active. */
  recipient: { id: string; name: string; email: string } | null;
}

/**
 * Raises the workbench reminder for an activity: a task for its owner, marked on the activity so it
 * is raised once. Returns null when the reminder no longer applies (the activity moved, was
 * cancelled, delivered, deleted, or was already reminded), so a stale job does nothing.
 */
export async function raiseActivityReminder(
  db: Db,
  job: { activityId: string; startsAt: string; minutesBefore: number },
): Promise<RaisedReminder | null> {
  return mutate(db, SYSTEM_ACTOR, async (tx) => {
    const [a] = await tx
      .select({
        id: campaignActivities.id,
        title: campaignActivities.title,
        startsAt: campaignActivities.startsAt,
        endsAt: campaignActivities.endsAt,
        channel: campaignActivities.channel,
        status: campaignActivities.status,
        reminderMinutesBefore: campaignActivities.reminderMinutesBefore,
        reminderSentAt: campaignActivities.reminderSentAt,
        ownerId: campaignActivities.ownerId,
        campaignId: campaigns.id,
        campaignTitle: campaigns.title,
        campaignOwnerId: campaigns.ownerId,
        district: districts.name,
      })
      .from(campaignActivities)
      .innerJoin(campaigns, eq(campaigns.id, campaignActivities.campaignId))
      .leftJoin(districts, eq(districts.id, campaignActivities.districtId))
      .where(eq(campaignActivities.id, job.activityId))
      .for('update', { of: campaignActivities })
      .limit(1);
    if (!a || !reminderStillDue(job, a)) return { result: null, audit: [] };
    let recipient: RaisedReminder['recipient'] = null;
    for (const candidate of [a.ownerId, a.campaignOwnerId]) {
      if (!candidate) continue;
      const [u] = await tx
        .select({ id: users.id, name: users.name, email: users.email, disabled: users.disabled })
        .from(users)
        .where(eq(users.id, candidate))
        .limit(1);
      if (u && !u.disabled) {
        recipient = { id: u.id, name: u.name, email: u.email };
        break;
      }
    }
    const taskId = newId('task');
    // One open reminder per activity (tasks_open_once); a reschedule closed the earlier one.
    await tx
      .insert(tasks)
      .values({
        id: taskId,
        kind: 'campaign_reminder',
        title: `Coming up: ${a.title} (${a.campaignTitle})`,
        dueOn: londonDay(a.startsAt),
        assigneeId: recipient?.id ?? null,
        entityType: 'campaign_activity',
        entityId: a.id,
      })
      .onConflictDoNothing();
    await tx
      .update(campaignActivities)
      .set({ reminderSentAt: new Date() })
      .where(eq(campaignActivities.id, a.id));
    return {
      result: {
        taskId,
        activity: {
          id: a.id,
          title: a.title,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          channel: a.channel,
          district: a.district,
          campaignId: a.campaignId,
          campaignTitle: a.campaignTitle,
        },
        recipient,
      },
      audit: {
        action: 'campaign_activity.reminder_raised',
        entityType: 'campaign_activity',
        entityId: a.id,
        change: { taskId, assigneeId: recipient?.id ?? null, startsAt: job.startsAt },
      },
    };
  });
}

/** A person's open reminders, soonest first, for the workbench. */
export async function openActivityReminders(db: Db, userId: string) {
  return db
    .select({
      id: tasks.id,
      title: tasks.title,
      dueOn: tasks.dueOn,
      activityId: tasks.entityId,
      campaignId: campaignActivities.campaignId,
      startsAt: campaignActivities.startsAt,
    })
    .from(tasks)
    .innerJoin(campaignActivities, eq(campaignActivities.id, tasks.entityId))
    .where(and(eq(tasks.kind, 'campaign_reminder'), eq(tasks.assigneeId, userId), isNull(tasks.doneAt)))
    .orderBy(asc(campaignActivities.startsAt))
    .limit(50);
}

/** Marks a reminder task seen (only the person it is for). */
export async function dismissActivityReminder(db: Db, actor: { id: string; label: string }, taskId: string) {
  await mutate(db, actor, async (tx) => {
    const rows = await tx
      .update(tasks)
      .set({ doneAt: new Date() })
      .where(
        and(
          eq(tasks.id, taskId),
          eq(tasks.kind, 'campaign_reminder'),
          eq(tasks.assigneeId, actor.id),
          isNull(tasks.doneAt),
        ),
      )
      .returning({ id: tasks.id });
    return {
      result: rows.length > 0,
      audit: rows.length
        ? { action: 'task.done', entityType: 'task', entityId: taskId, change: { kind: 'campaign_reminder' } }
        : [],
    };
  });
}
