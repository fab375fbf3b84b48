import { DomainError } from '@counterpoint/core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { mutate, type AuditEntry } from '../audit.js';
import type { Db } from '../open.js';
import { narratives, narrativeSignals } from '../schema/narratives.js';
import { signals } from '../schema/triage.js';
import { users } from '../schema/users.js';
import { refreshNarrative } from './narrative-refresh.js';
import type { TriageActor } from './triage.js';

export interface NarrativeChoice {
  id: string;
  title: string;
  status: string;
  signals: number;
}

/** Narratives a signal can be added to, most recently active first (dormant ones last). */
export async function narrativeChoices(db: Db): Promise<NarrativeChoice[]> {
  return db
    .select({
      id: narratives.id,
      title: narratives.title,
      status: narratives.status,
      signals:
        sql<number>`(select count(*) from narrative_signals ns where ns.narrative_id = ${narratives.id})`.mapWith(
          Number,
        ),
    })
    .from(narratives)
    .orderBy(
      sql`${narratives.status} = 'dormant'`,
      sql`${narratives.lastSeenAt} desc nulls last`,
      asc(narratives.title),
    )
    .limit(200);
}

/**
 * Adds a signal to a narrative. An open signal (new, or in review by this person) becomes
 * `linked`, which is a decision like dismissing or escalating; a signal already decided
 * (escalated, say) joins the narrative and keeps its status. A signal someone else is reviewing
 * is refused, as for every other decision. The narrative's first and last seen and its status
 * follow its signals' posts.
 */
export async function linkSignalToNarrative(
  db: Db,
  actor: TriageActor,
  signalId: string,
  narrativeId: string,
): Promise<{ statusChanged: boolean }> {
  return mutate(db, actor, async (tx) => {
    const [narrative] = await tx
      .select({ id: narratives.id, title: narratives.title })
      .from(narratives)
      .where(eq(narratives.id, narrativeId))
      .limit(1);
    if (!narrative) throw new DomainError('not_found', 'That narrative no longer exists.');
    const out = await linkInTransaction(tx, actor, signalId, narrative);
    await refreshNarrative(tx, narrativeId);
    return out;
  });
}

/**
 * The link itself, inside the caller's transaction (creating a narrative from a selection links
 * several signals in one). Throws a DomainError for a refusal; writes no SQL before refusing a
 * held signal, so the caller may catch it and carry on. Does not refresh the narrative's dates.
 */
export async function linkInTransaction(
  tx: Db,
  actor: TriageActor,
  signalId: string,
  narrative: { id: string; title: string },
): Promise<{ result: { statusChanged: boolean }; audit: AuditEntry }> {
  const narrativeId = narrative.id;
  const [signal] = await tx
    .select({
      status: signals.status,
      assigneeId: signals.assigneeId,
      assignee: users.name,
    })
    .from(signals)
    .leftJoin(users, eq(users.id, signals.assigneeId))
    .where(eq(signals.id, signalId))
    .for('update', { of: signals })
    .limit(1);
  if (!signal) throw new DomainError('not_found', 'That signal no longer exists.');
  if (signal.status === 'in_review' && signal.assigneeId && signal.assigneeId !== actor.id) {
    throw new DomainError(
      'conflict',
      `${signal.assignee ?? 'Another analyst'} is already reviewing this signal.`,
    );
  }
  const open = signal.status === 'new' || signal.status === 'in_review';
  const [already] = await tx
    .select({ signalId: narrativeSignals.signalId })
    .from(narrativeSignals)
    .where(and(eq(narrativeSignals.narrativeId, narrativeId), eq(narrativeSignals.signalId, signalId)))
    .limit(1);
  if (already && !open) {
    throw new DomainError('invalid_state', `This signal is already part of “${narrative.title}”.`);
  }
  await tx
    .insert(narrativeSignals)
    .values({ narrativeId, signalId, addedBy: actor.id })
    .onConflictDoNothing();
  if (open) {
    await tx
      .update(signals)
      .set({
        status: 'linked',
        assigneeId: actor.id,
        assignedAt: sql`coalesce(${signals.assignedAt}, now())`,
        firstReviewedAt: sql`coalesce(${signals.firstReviewedAt}, now())`,
        updatedAt: new Date(),
      })
      .where(and(eq(signals.id, signalId), inArray(signals.status, ['new', 'in_review'])));
  }
  return {
    result: { statusChanged: open },
    audit: {
      action: 'signal.linked',
      entityType: 'signal',
      entityId: signalId,
      change: { narrativeId, narrative: narrative.title, status: open ? 'linked' : signal.status },
    },
  };
}
