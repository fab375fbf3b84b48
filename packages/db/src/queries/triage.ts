import { DomainError, newId } from '@counterpoint/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { labels, signals, type SignalStatus } from '../schema/triage.js';
import { users } from '../schema/users.js';
import { packageForSignal } from './escalation-package.js';

/**
 * The triage workflow: new → in_review (assigned) → dismissed | escalated | linked → closed.
 * Every change is a conditional UPDATE inside `mutate`, so it is audited and two people acting on
 * the same signal at once cannot both win: the loser's update matches no row and gets a clear
 * `conflict` error naming who holds it.
 */

export type TriageActor = Actor & { id: string };

const OPEN: SignalStatus[] = ['new', 'in_review'];
export const REASON_MIN = 5;
export const REASON_MAX = 2000;

export function validReason(reason: unknown, what: string): string {
  const r = typeof reason === 'string' ? reason.trim() : '';
  if (r.length < REASON_MIN)
    throw new DomainError(
      'invalid_input',
      `Please give a reason for ${what} (at least ${REASON_MIN} characters).`,
    );
  if (r.length > REASON_MAX)
    throw new DomainError('invalid_input', `Please keep the reason under ${REASON_MAX} characters.`);
  return r;
}

/** Why a conditional update found nothing: gone, already decided, or held by someone else. */
async function explainMiss(tx: Db, id: string, actorId: string): Promise<never> {
  const [row] = await tx
    .select({ status: signals.status, assigneeId: signals.assigneeId, assignee: users.name })
    .from(signals)
    .leftJoin(users, eq(users.id, signals.assigneeId))
    .where(eq(signals.id, id))
    .limit(1);
  if (!row) throw new DomainError('not_found', 'That signal no longer exists.');
  if (row.assigneeId && row.assigneeId !== actorId)
    throw new DomainError(
      'conflict',
      `${row.assignee ?? 'Another analyst'} is already reviewing this signal.`,
      {
        assignee: row.assignee,
      },
    );
  throw new DomainError('invalid_state', `This signal is already ${row.status.replace('_', ' ')}.`, {
    status: row.status,
  });
}

const mineOrFree = (actorId: string) =>
  sql`(${signals.assigneeId} is null or ${signals.assigneeId} = ${actorId})`;

/** Claims a signal for review. Idempotent for the holder; refused if someone else holds it. */
export async function claimSignal(db: Db, actor: TriageActor, id: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(signals)
      .set({
        assigneeId: actor.id,
        assignedAt: sql`coalesce(${signals.assignedAt}, now())`,
        status: sql`case when ${signals.status} = 'new' then 'in_review' else ${signals.status} end`,
        firstReviewedAt: sql`coalesce(${signals.firstReviewedAt}, now())`,
        updatedAt: now,
      })
      .where(and(eq(signals.id, id), inArray(signals.status, OPEN), mineOrFree(actor.id)))
      .returning({ id: signals.id });
    if (!row) return explainMiss(tx, id, actor.id);
    return {
      result: undefined,
      audit: {
        action: 'signal.claimed',
        entityType: 'signal',
        entityId: id,
        change: { assignee: actor.label },
      },
    };
  });
}

/** Gives a signal back to the queue (only its holder can). */
export async function releaseSignal(db: Db, actor: TriageActor, id: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [row] = await tx
      .update(signals)
      .set({ assigneeId: null, assignedAt: null, status: 'new', updatedAt: new Date() })
      .where(and(eq(signals.id, id), eq(signals.status, 'in_review'), eq(signals.assigneeId, actor.id)))
      .returning({ id: signals.id });
    if (!row) return explainMiss(tx, id, actor.id);
    return {
      result: undefined,
      audit: { action: 'signal.released', entityType: 'signal', entityId: id, change: {} },
    };
  });
}

/** Dismisses an open signal with a reason; claims it on the way if nobody held it. */
export async function dismissSignal(db: Db, actor: TriageActor, id: string, reason: string): Promise<void> {
  const why = validReason(reason, 'dismissing');
  await mutate(db, actor, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(signals)
      .set({
        status: 'dismissed',
        dismissReason: why,
        assigneeId: actor.id,
        assignedAt: sql`coalesce(${signals.assignedAt}, now())`,
        firstReviewedAt: sql`coalesce(${signals.firstReviewedAt}, now())`,
        updatedAt: now,
      })
      .where(and(eq(signals.id, id), inArray(signals.status, OPEN), mineOrFree(actor.id)))
      .returning({ id: signals.id });
    if (!row) return explainMiss(tx, id, actor.id);
    return {
      result: undefined,
      audit: { action: 'signal.dismissed', entityType: 'signal', entityId: id, change: { reason: why } },
    };
  });
}

/**
 * Escalates an open signal down an agreed route with a reason. The package holds only what the
 * route lists (see `packageForSignal`); an author's identity goes only with an approved reveal.
 */
export async function escalateSignal(
  db: Db,
  actor: TriageActor,
  id: string,
  input: { routeId: string; reason: string; revealId?: string | null | undefined },
): Promise<string> {
  const why = validReason(input.reason, 'escalating');
  return mutate(db, actor, async (tx) => {
    const [route] = await tx
      .select({
        id: escalationRoutes.id,
        name: escalationRoutes.name,
        kind: escalationRoutes.kind,
        packageContents: escalationRoutes.packageContents,
      })
      .from(escalationRoutes)
      .where(and(eq(escalationRoutes.id, input.routeId), eq(escalationRoutes.active, true)))
      .limit(1);
    if (!route) throw new DomainError('invalid_input', 'Please choose one of the escalation routes.');
    const now = new Date();
    const [row] = await tx
      .update(signals)
      .set({
        status: 'escalated',
        assigneeId: actor.id,
        assignedAt: sql`coalesce(${signals.assignedAt}, now())`,
        firstReviewedAt: sql`coalesce(${signals.firstReviewedAt}, now())`,
        updatedAt: now,
      })
      .where(and(eq(signals.id, id), inArray(signals.status, OPEN), mineOrFree(actor.id)))
      .returning({
        id: signals.id,
        itemId: signals.itemId,
        clusterId: signals.clusterId,
        category: signals.category,
        scoreId: signals.scoreId,
      });
    if (!row) return explainMiss(tx, id, actor.id);
    const { pkg, contentUrl, revealId } = await packageForSignal(tx, {
      signal: row,
      route,
      reason: why,
      actorId: actor.id,
      at: now,
      revealId: input.revealId,
    });
    const escalationId = newId('escalation');
    await tx.insert(escalations).values({
      id: escalationId,
      signalId: id,
      routeId: route.id,
      revealId,
      reason: why,
      decidedBy: actor.id,
      status: 'sent',
      contentUrl,
      package: pkg,
      sentAt: now,
    });
    return {
      result: escalationId,
      audit: [
        {
          action: 'signal.escalated',
          entityType: 'signal',
          entityId: id,
          change: {
            route: route.name,
            routeKind: route.kind,
            reason: why,
            escalationId,
            packageParts: Object.keys(pkg).sort(),
            ...(revealId ? { revealId } : {}),
          },
        },
      ],
    };
  });
}

/** Closes a decided signal (dismissed, escalated or linked). */
export async function closeSignal(db: Db, actor: TriageActor, id: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(signals)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(signals.id, id), inArray(signals.status, ['dismissed', 'escalated', 'linked'])))
      .returning({ id: signals.id });
    if (!row) return explainMiss(tx, id, actor.id);
    return {
      result: undefined,
      audit: { action: 'signal.closed', entityType: 'signal', entityId: id, change: {} },
    };
  });
}

export interface LabelInput {
  relevant: boolean;
  correctedCategory?: string | null | undefined;
}

/**
 * Records this person's judgement on the signal's item: one label per person per item, so changing
 * one's mind updates the row; the audit trail keeps the earlier answer.
 */
export async function labelSignal(db: Db, actor: TriageActor, id: string, input: LabelInput): Promise<void> {
  const corrected = input.correctedCategory?.trim() || null;
  await mutate(db, actor, async (tx) => {
    const [sig] = await tx
      .select({ itemId: signals.itemId })
      .from(signals)
      .where(eq(signals.id, id))
      .limit(1);
    if (!sig) throw new DomainError('not_found', 'That signal no longer exists.');
    await tx
      .insert(labels)
      .values({
        id: newId('label'),
        signalId: id,
        itemId: sig.itemId,
        userId: actor.id,
        relevant: input.relevant,
        correctedCategory: corrected,
      })
      .onConflictDoUpdate({
        target: [labels.itemId, labels.userId],
        set: { relevant: input.relevant, correctedCategory: corrected, signalId: id, createdAt: new Date() },
      });
    await tx
      .update(signals)
      .set({ firstReviewedAt: sql`coalesce(${signals.firstReviewedAt}, now())` })
      .where(eq(signals.id, id));
    return {
      result: undefined,
      audit: {
        action: 'signal.labelled',
        entityType: 'signal',
        entityId: id,
        change: { relevant: input.relevant, correctedCategory: corrected },
      },
    };
  });
}

export interface BulkOutcome {
  done: number;
  refused: Array<{ id: string; message: string }>;
}

/** Applies one action to many signals; each is its own audited change, refusals are reported. */
export async function bulkTriage(
  ids: readonly string[],
  each: (id: string) => Promise<unknown>,
): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: 0, refused: [] };
  for (const id of ids.slice(0, 200)) {
    try {
      await each(id);
      out.done++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.refused.push({ id, message: e.message });
    }
  }
  return out;
}
