import {
  CONSENT_LEAD_DAYS,
  CONSENT_TASK_KIND,
  consentHorizon,
  DomainError,
  newId,
  planConsentTasks,
} from '@counterpoint/core';
import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { mutate, type Actor, type AuditEntry } from '../audit.js';
import type { Db } from '../open.js';
import { contacts, tasks } from '../schema/contacts.js';

export interface ConsentRunResult {
  raised: number;
  closed: number;
}

/**
 * The daily consent review: raises one task per consent expiring within the lead time (or
 * expired) for the contact's owner, and closes tasks a renewal or an erasure made moot. Safe to run
 * any number of times: the plan skips expiries that already had a task, and the partial unique
 * index (one open task per kind and contact) stops two runs at once from both inserting.
 */
export async function runConsentReview(
  db: Db,
  actor: Actor,
  today: string,
  leadDays: number = CONSENT_LEAD_DAYS,
): Promise<ConsentRunResult> {
  return mutate(db, actor, async (tx) => {
    const horizon = consentHorizon(today, leadDays);
    const openTasks = await tx
      .select({ entityId: tasks.entityId })
      .from(tasks)
      .where(and(eq(tasks.kind, CONSENT_TASK_KIND), isNull(tasks.doneAt)));
    const openIds = openTasks.map((t) => t.entityId).filter((id): id is string => id !== null);
    const candidates = await tx
      .select({
        id: contacts.id,
        name: contacts.name,
        ownerId: contacts.ownerId,
        consentExpiresOn: contacts.consentExpiresOn,
        erased: sql<boolean>`${contacts.erasedAt} is not null`,
      })
      .from(contacts)
      .where(
        or(
          and(
            isNull(contacts.erasedAt),
            isNotNull(contacts.consentExpiresOn),
            lte(contacts.consentExpiresOn, horizon),
          ),
          openIds.length > 0 ? inArray(contacts.id, openIds) : sql`false`,
        ),
      );
    const ids = [...new Set([...candidates.map((c) => c.id), ...openIds])];
    const existing =
      ids.length === 0
        ? []
        : await tx
            .select({ id: tasks.id, entityId: tasks.entityId, dueOn: tasks.dueOn, doneAt: tasks.doneAt })
            .from(tasks)
            .where(
              and(
                eq(tasks.kind, CONSENT_TASK_KIND),
                eq(tasks.entityType, 'contact'),
                inArray(tasks.entityId, ids),
              ),
            );
    const plan = planConsentTasks(
      candidates,
      existing.map((t) => ({
        id: t.id,
        entityId: t.entityId ?? '',
        dueOn: t.dueOn,
        done: t.doneAt !== null,
      })),
      today,
      leadDays,
    );
    const audit: AuditEntry[] = [];
    const now = new Date();
    for (const c of plan.close) {
      await tx
        .update(tasks)
        .set({ doneAt: now })
        .where(and(eq(tasks.id, c.id), isNull(tasks.doneAt)));
      audit.push({ action: 'task.closed', entityType: 'task', entityId: c.id, change: { reason: c.reason } });
    }
    let raised = 0;
    for (const draft of plan.raise) {
      const id = newId('task');
      const inserted = await tx
        .insert(tasks)
        .values({ id, ...draft })
        .onConflictDoNothing()
        .returning({ id: tasks.id });
      if (inserted.length === 0) continue;
      raised++;
      audit.push({
        action: 'task.raised',
        entityType: 'task',
        entityId: id,
        change: {
          kind: draft.kind,
          contactId: draft.entityId,
          dueOn: draft.dueOn,
          assigneeId: draft.assigneeId,
        },
      });
    }
    // A run that found nothing to do still leaves a trace, so "did the job run?" has an answer.
    if (audit.length === 0)
      audit.push({
        action: 'consent.reviewed',
        entityType: 'task',
        entityId: CONSENT_TASK_KIND,
        change: { today, horizon },
      });
    return { result: { raised, closed: plan.close.length }, audit };
  });
}

export interface TaskItem {
  id: string;
  kind: string;
  title: string;
  dueOn: string | null;
  entityType: string | null;
  entityId: string | null;
}

/** A person's open tasks, earliest due first. */
export async function listOpenTasks(db: Db, assigneeId: string): Promise<TaskItem[]> {
  return db
    .select({
      id: tasks.id,
      kind: tasks.kind,
      title: tasks.title,
      dueOn: tasks.dueOn,
      entityType: tasks.entityType,
      entityId: tasks.entityId,
    })
    .from(tasks)
    .where(and(eq(tasks.assigneeId, assigneeId), isNull(tasks.doneAt)))
    .orderBy(sql`${tasks.dueOn} asc nulls last`, asc(tasks.id))
    .limit(200);
}

/** Marks one of your own tasks done. */
export async function completeTask(db: Db, actor: Actor, taskId: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
    if (!task) throw new DomainError('not_found', 'That task no longer exists.');
    if (task.assigneeId !== actor.id)
      throw new DomainError('forbidden', 'That task is assigned to someone else.');
    if (task.doneAt) throw new DomainError('invalid_state', 'That task is already done.');
    await tx.update(tasks).set({ doneAt: new Date() }).where(eq(tasks.id, taskId));
    return {
      result: undefined,
      audit: { action: 'task.done', entityType: 'task', entityId: taskId, change: { kind: task.kind } },
    };
  });
}
