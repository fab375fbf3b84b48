import { DomainError, newId, validHoldReason } from '@counterpoint/core';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { narratives, narrativeSignals } from '../schema/narratives.js';
import { legalHolds } from '../schema/privacy.js';
import { signals } from '../schema/triage.js';
import { users } from '../schema/users.js';

/**
 * Legal holds on a signal or a narrative. Retention skips anything held; a narrative's hold covers
 * its signals and their posts. A hold is a row in legal_holds (who, when, why; kept after it is
 * lifted, for the record) mirrored by the entity's `legal_hold` flag, both written together.
 */

export const HOLDABLE = ['signal', 'narrative'] as const;
export type Holdable = (typeof HOLDABLE)[number];

export interface HoldRow {
  id: string;
  reason: string;
  placedAt: Date;
  placedByName: string | null;
}

function tableOf(type: Holdable) {
  return type === 'signal' ? signals : narratives;
}

function checkTarget(target: { type: string; id: string }): asserts target is { type: Holdable; id: string } {
  if (!(HOLDABLE as readonly string[]).includes(target.type))
    throw new DomainError('invalid_input', 'A legal hold can be placed on a signal or a narrative.');
  // Ids are prefixed base32; anything else (an odd address) names nothing, and never reaches SQL.
  if (!/^[a-z]{3}_[0-9a-z]{1,40}$/.test(target.id))
    throw new DomainError('not_found', `That ${target.type} does not exist (it may have been removed).`);
}

/** The hold in force on an entity, or null. */
export async function activeLegalHold(db: Db, type: Holdable, id: string): Promise<HoldRow | null> {
  const [row] = await db
    .select({
      id: legalHolds.id,
      reason: legalHolds.reason,
      placedAt: legalHolds.placedAt,
      placedByName: users.name,
    })
    .from(legalHolds)
    .leftJoin(users, eq(users.id, legalHolds.placedBy))
    .where(and(eq(legalHolds.entityType, type), eq(legalHolds.entityId, id), isNull(legalHolds.releasedAt)))
    .limit(1);
  return row ?? null;
}

/** Narratives holding a signal through their own hold (what the signal page says covers it). */
export async function narrativeHoldsOnSignal(
  db: Db,
  signalId: string,
): Promise<Array<{ narrativeId: string; title: string }>> {
  return db
    .select({ narrativeId: narratives.id, title: narratives.title })
    .from(narrativeSignals)
    .innerJoin(narratives, eq(narratives.id, narrativeSignals.narrativeId))
    .where(and(eq(narrativeSignals.signalId, signalId), eq(narratives.legalHold, true)))
    .orderBy(asc(narratives.title));
}

export async function placeLegalHold(
  db: Db,
  actor: Actor & { id: string },
  target: { type: string; id: string },
  rawReason: unknown,
): Promise<string> {
  checkTarget(target);
  const type = target.type;
  const reason = validHoldReason(rawReason, true);
  return mutate(db, actor, async (tx) => {
    const table = tableOf(type);
    // Locking the entity row serialises two people placing a hold at once.
    const [found] = await tx
      .select({ id: table.id })
      .from(table)
      .where(eq(table.id, target.id))
      .for('update');
    if (!found) throw new DomainError('not_found', `That ${type} does not exist (it may have been removed).`);
    const existing = await activeLegalHold(tx, type, target.id);
    if (existing) throw new DomainError('conflict', `This ${type} is already under a legal hold.`);
    const id = newId('legalHold');
    await tx
      .insert(legalHolds)
      .values({ id, entityType: type, entityId: target.id, reason, placedBy: actor.id });
    await tx.update(table).set({ legalHold: true }).where(eq(table.id, target.id));
    return {
      result: id,
      audit: {
        action: 'legal_hold.placed',
        entityType: type,
        entityId: target.id,
        change: { holdId: id, reason },
      },
    };
  });
}

export async function liftLegalHold(
  db: Db,
  actor: Actor & { id: string },
  target: { type: string; id: string },
  rawReason: unknown,
): Promise<void> {
  checkTarget(target);
  const type = target.type;
  const reason = validHoldReason(rawReason, false);
  await mutate(db, actor, async (tx) => {
    const table = tableOf(type);
    await tx.select({ id: table.id }).from(table).where(eq(table.id, target.id)).for('update');
    const [lifted] = await tx
      .update(legalHolds)
      .set({ releasedAt: sql`now()`, releasedBy: actor.id })
      .where(
        and(
          eq(legalHolds.entityType, type),
          eq(legalHolds.entityId, target.id),
          isNull(legalHolds.releasedAt),
        ),
      )
      .returning({ id: legalHolds.id });
    if (!lifted) throw new DomainError('invalid_state', `This ${type} is not under a legal hold.`);
    await tx.update(table).set({ legalHold: false }).where(eq(table.id, target.id));
    return {
      result: undefined,
      audit: {
        action: 'legal_hold.lifted',
        entityType: type,
        entityId: target.id,
        change: { holdId: lifted.id, reason },
      },
    };
  });
}
