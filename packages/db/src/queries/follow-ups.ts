import { DomainError, newId, type FollowUpInput } from '@counterpoint/core';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { engagements, followUps } from '../schema/outreach.js';
import { users } from '../schema/users.js';

/** Follow-ups to engagements: adding one, marking one done, and a person's own list. */

export interface FollowUpItem {
  id: string;
  engagementId: string;
  engagementTitle: string;
  description: string;
  ownerId: string | null;
  owner: string | null;
  dueOn: string | null;
  doneAt: Date | null;
}

export const followUpColumns = {
  id: followUps.id,
  engagementId: followUps.engagementId,
  engagementTitle: engagements.title,
  description: followUps.description,
  ownerId: followUps.ownerId,
  owner: users.name,
  dueOn: followUps.dueOn,
  doneAt: followUps.doneAt,
};

export async function addFollowUp(
  db: Db,
  actor: Actor,
  engagementId: string,
  input: FollowUpInput,
): Promise<string> {
  return mutate(db, actor, async (tx) => {
    const [e] = await tx
      .select({ id: engagements.id, occurredOn: engagements.occurredOn })
      .from(engagements)
      .where(eq(engagements.id, engagementId));
    if (!e) throw new DomainError('not_found', 'That engagement no longer exists.');
    if (input.dueOn < e.occurredOn)
      throw new DomainError('invalid_input', 'A follow-up cannot be due before the engagement took place.', {
        field: 'dueOn',
      });
    const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.ownerId));
    if (!owner)
      throw new DomainError('invalid_input', 'That owner no longer exists; choose again.', {
        field: 'ownerId',
      });
    const id = newId('followUp');
    await tx.insert(followUps).values({ id, engagementId, ...input });
    return {
      result: id,
      audit: {
        action: 'follow_up.added',
        entityType: 'follow_up',
        entityId: id,
        change: { engagementId, ownerId: input.ownerId, dueOn: input.dueOn },
      },
    };
  });
}

/**
 * Marks a follow-up done. Its owner may, and so may whoever edits outreach (a colleague covering
 * leave); the audit row says who.
 */
export async function completeFollowUp(db: Db, actor: Actor, followUpId: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [f] = await tx.select().from(followUps).where(eq(followUps.id, followUpId)).limit(1);
    if (!f) throw new DomainError('not_found', 'That follow-up no longer exists.');
    if (f.doneAt) throw new DomainError('invalid_state', 'That follow-up is already done.');
    await tx.update(followUps).set({ doneAt: new Date() }).where(eq(followUps.id, followUpId));
    return {
      result: undefined,
      audit: {
        action: 'follow_up.done',
        entityType: 'follow_up',
        entityId: followUpId,
        change: { engagementId: f.engagementId, ownerId: f.ownerId },
      },
    };
  });
}

/**
 * A person's open follow-ups: overdue first (most overdue at the top), then by due date; those
 * without a date last.
 */
export async function listMyFollowUps(db: Db, ownerId: string, today: string): Promise<FollowUpItem[]> {
  return db
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(engagements, eq(engagements.id, followUps.engagementId))
    .leftJoin(users, eq(users.id, followUps.ownerId))
    .where(and(eq(followUps.ownerId, ownerId), isNull(followUps.doneAt)))
    .orderBy(
      sql`case when ${followUps.dueOn} < ${today} then 0 else 1 end`,
      sql`${followUps.dueOn} asc nulls last`,
      asc(followUps.id),
    )
    .limit(500);
}
