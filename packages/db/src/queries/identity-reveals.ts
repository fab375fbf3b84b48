import {
  DomainError,
  REVEAL_DEFAULT_HOURS,
  checkCanRequestReveal,
  checkCanViewReveal,
  checkRevealDecision,
  checkRevealHours,
  checkRevealPurpose,
  decryptIdentity,
  isRole,
  newId,
  revealExpiry,
  revealHoursOrDefault,
  revealState,
  type Identity,
  type IdentityKey,
  type RevealDecision,
  type RevealState,
  type Role,
} from '@counterpoint/core';
import { aliasedTable, and, desc, eq, inArray, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';
import { identities, items } from '../schema/items.js';
import { identityReveals, settings } from '../schema/privacy.js';
import { signals } from '../schema/triage.js';
import { users } from '../schema/users.js';

/**
 * Identity reveals: an analyst asks, with a purpose, for the person behind a post's pseudonym; a
 * supervisor other than them decides; an approved reveal shows the decrypted identity to the
 * requester alone until it expires, and each showing is an audit row. The rules live in
 * @counterpoint/core (privacy/reveal); this file applies them inside transactions.
 */

export const REVEAL_HOURS_KEY = 'identity_reveal_hours';
export type IdentityKeys = IdentityKey | Uint8Array | ReadonlyMap<number, Uint8Array>;

async function roleOf(db: Db, actor: Actor): Promise<Role> {
  if (!actor.id)
    throw new DomainError('forbidden', 'Identity reveals are decided by people, not the system.');
  const [u] = await db
    .select({ role: users.role, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, actor.id));
  if (!u || u.disabled || !isRole(u.role)) throw new DomainError('forbidden', 'Your account cannot do this.');
  return u.role;
}

/** The reveal window in hours (a workspace setting; 24 unless a supervisor changed it). */
export async function getRevealHours(db: Db): Promise<number> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, REVEAL_HOURS_KEY));
  return row ? revealHoursOrDefault(row.value) : REVEAL_DEFAULT_HOURS;
}

export async function setRevealHours(db: Db, actor: Actor, value: unknown): Promise<number> {
  const hours = checkRevealHours(value);
  return mutate(db, actor, async (tx) => {
    const before = await getRevealHours(tx);
    await tx
      .insert(settings)
      .values({ key: REVEAL_HOURS_KEY, value: hours, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: hours, updatedBy: actor.id, updatedAt: new Date() },
      });
    return {
      result: hours,
      audit: {
        action: 'setting.update',
        entityType: 'setting',
        entityId: REVEAL_HOURS_KEY,
        change: { from: before, to: hours },
      },
    };
  });
}

/** Asks for the identity behind the author of a signal's post. */
export async function requestIdentityReveal(
  db: Db,
  actor: Actor,
  input: { signalId: string; purpose: string },
  now: Date = new Date(),
): Promise<{ id: string }> {
  const purpose = checkRevealPurpose(input.purpose);
  return mutate(db, actor, async (tx) => {
    checkCanRequestReveal(await roleOf(tx, actor));
    const [s] = await tx
      .select({ pseudonym: items.authorPseudonym })
      .from(signals)
      .innerJoin(items, eq(items.id, signals.itemId))
      .where(eq(signals.id, input.signalId));
    if (!s) throw new DomainError('not_found', 'That signal does not exist, or it was removed.');
    if (!s.pseudonym) throw new DomainError('invalid_state', 'This post has no author on record to reveal.');
    const [identity] = await tx
      .select({ id: identities.id })
      .from(identities)
      .where(eq(identities.pseudonym, s.pseudonym));
    if (!identity) {
      throw new DomainError(
        'invalid_state',
        'No identity is held for this author (it may have been removed under the retention rules).',
      );
    }
    // One open request or live approval per person and author: a second would only add noise.
    const mine = await tx
      .select({ status: identityReveals.status, expiresAt: identityReveals.expiresAt })
      .from(identityReveals)
      .where(
        and(
          eq(identityReveals.requesterId, actor.id!),
          eq(identityReveals.pseudonym, s.pseudonym),
          inArray(identityReveals.status, ['requested', 'approved']),
        ),
      );
    if (mine.some((r) => revealState(r, now) !== 'expired')) {
      throw new DomainError('conflict', 'You already have a request or an approved reveal for this author.');
    }
    const id = newId('reveal', now.getTime());
    await tx.insert(identityReveals).values({
      id,
      identityId: identity.id,
      pseudonym: s.pseudonym,
      requesterId: actor.id!,
      purpose,
      status: 'requested',
      createdAt: now,
    });
    return {
      result: { id },
      audit: {
        action: 'identity_reveal.request',
        entityType: 'identity_reveal',
        entityId: id,
        change: { signalId: input.signalId, pseudonym: s.pseudonym, purpose },
      },
    };
  });
}

/** A supervisor other than the requester approves (for the configured window) or refuses. */
export async function decideIdentityReveal(
  db: Db,
  actor: Actor,
  revealId: string,
  input: { decision: RevealDecision; note: string },
  now: Date = new Date(),
): Promise<{ status: 'approved' | 'refused'; expiresAt: Date | null }> {
  if (input.decision !== 'approve' && input.decision !== 'refuse') {
    throw new DomainError('invalid_input', 'Choose approve or refuse.');
  }
  return mutate(db, actor, async (tx) => {
    const role = await roleOf(tx, actor);
    const [reveal] = await tx
      .select()
      .from(identityReveals)
      .where(eq(identityReveals.id, revealId))
      .for('update');
    if (!reveal) throw new DomainError('not_found', 'That reveal request does not exist.');
    const note = checkRevealDecision({
      reveal,
      deciderId: actor.id!,
      deciderRole: role,
      decision: input.decision,
      note: input.note,
    });
    const status = input.decision === 'approve' ? 'approved' : 'refused';
    const hours = await getRevealHours(tx);
    const expiresAt = status === 'approved' ? revealExpiry(now, hours) : null;
    await tx
      .update(identityReveals)
      .set({ status, approverId: actor.id, decisionNote: note, decidedAt: now, expiresAt })
      .where(eq(identityReveals.id, revealId));
    return {
      result: { status, expiresAt },
      audit: {
        action: `identity_reveal.${input.decision}`,
        entityType: 'identity_reveal',
        entityId: revealId,
        change: {
          requesterId: reveal.requesterId,
          pseudonym: reveal.pseudonym,
          note,
          ...(expiresAt ? { expiresAt: expiresAt.toISOString(), hours } : {}),
        },
      },
    };
  });
}

/**
 * Decrypts the identity for the requester of an approved, unexpired reveal and writes one audit
 * row for this showing (the row names the reveal and pseudonym, never the identity itself).
 */
export async function viewRevealedIdentity(
  db: Db,
  actor: Actor,
  revealId: string,
  keys: IdentityKeys,
  now: Date = new Date(),
): Promise<{ identity: Identity; expiresAt: Date }> {
  return mutate(db, actor, async (tx) => {
    const [row] = await tx
      .select({ reveal: identityReveals, identity: identities })
      .from(identityReveals)
      .leftJoin(identities, eq(identities.pseudonym, identityReveals.pseudonym))
      .where(eq(identityReveals.id, revealId));
    if (!row) throw new DomainError('not_found', 'That reveal does not exist.');
    checkCanViewReveal(row.reveal, actor.id ?? '', now);
    if (!row.identity) {
      throw new DomainError(
        'invalid_state',
        'The identity is no longer held (removed under the retention rules).',
      );
    }
    const identity = decryptIdentity(keys, row.identity, row.reveal.pseudonym);
    return {
      result: { identity, expiresAt: row.reveal.expiresAt! },
      audit: {
        action: 'identity_reveal.view',
        entityType: 'identity_reveal',
        entityId: revealId,
        change: { pseudonym: row.reveal.pseudonym, expiresAt: row.reveal.expiresAt!.toISOString() },
      },
    };
  });
}

export interface RevealPanel {
  pseudonym: string | null;
  /** Whether an encrypted identity is held at all (retention may have removed it). */
  held: boolean;
  /** This viewer's latest request for this author, if any. */
  mine: {
    id: string;
    state: RevealState;
    purpose: string;
    createdAt: Date;
    expiresAt: Date | null;
    decisionNote: string | null;
    deciderName: string | null;
  } | null;
}

/** What the signal page shows the viewer about revealing this post's author. */
export async function revealPanelForSignal(
  db: Db,
  viewerId: string,
  signalId: string,
  now: Date = new Date(),
): Promise<RevealPanel> {
  const [s] = await db
    .select({ pseudonym: items.authorPseudonym, held: sql<boolean>`${identities.id} is not null` })
    .from(signals)
    .innerJoin(items, eq(items.id, signals.itemId))
    .leftJoin(identities, eq(identities.pseudonym, items.authorPseudonym))
    .where(eq(signals.id, signalId));
  if (!s?.pseudonym) return { pseudonym: null, held: false, mine: null };
  const decider = aliasedTable(users, 'decider');
  const [r] = await db
    .select({ reveal: identityReveals, deciderName: decider.name })
    .from(identityReveals)
    .leftJoin(decider, eq(decider.id, identityReveals.approverId))
    .where(and(eq(identityReveals.requesterId, viewerId), eq(identityReveals.pseudonym, s.pseudonym)))
    .orderBy(desc(identityReveals.createdAt))
    .limit(1);
  return {
    pseudonym: s.pseudonym,
    held: s.held,
    mine: r
      ? {
          id: r.reveal.id,
          state: revealState(r.reveal, now),
          purpose: r.reveal.purpose,
          createdAt: r.reveal.createdAt,
          expiresAt: r.reveal.expiresAt,
          decisionNote: r.reveal.decisionNote,
          deciderName: r.deciderName,
        }
      : null,
  };
}

export interface RevealRequestRow {
  id: string;
  state: RevealState;
  pseudonym: string;
  purpose: string;
  requesterId: string;
  requesterName: string;
  deciderName: string | null;
  decisionNote: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  expiresAt: Date | null;
  /** The signal the request was made from (kept in the request's audit row). */
  signalId: string | null;
}

/** Pending requests (oldest first, they have waited longest) and the latest decisions. */
export async function listRevealRequests(
  db: Db,
  options: { decidedLimit?: number; now?: Date } = {},
): Promise<{ pending: RevealRequestRow[]; decided: RevealRequestRow[] }> {
  const now = options.now ?? new Date();
  const requester = aliasedTable(users, 'requester');
  const decider = aliasedTable(users, 'decider');
  const base = () =>
    db
      .select({
        reveal: identityReveals,
        requesterName: requester.name,
        deciderName: decider.name,
        signalId: sql<string | null>`(select ${auditLog.change}->>'signalId' from ${auditLog}
          where ${auditLog.entityType} = 'identity_reveal' and ${auditLog.entityId} = ${identityReveals.id}
            and ${auditLog.action} = 'identity_reveal.request' limit 1)`,
      })
      .from(identityReveals)
      .innerJoin(requester, eq(requester.id, identityReveals.requesterId))
      .leftJoin(decider, eq(decider.id, identityReveals.approverId));
  type Joined = {
    reveal: typeof identityReveals.$inferSelect;
    requesterName: string;
    deciderName: string | null;
    signalId: string | null;
  };
  const toRow = (r: Joined): RevealRequestRow => ({
    id: r.reveal.id,
    state: revealState(r.reveal, now),
    pseudonym: r.reveal.pseudonym,
    purpose: r.reveal.purpose,
    requesterId: r.reveal.requesterId,
    requesterName: r.requesterName,
    deciderName: r.deciderName,
    decisionNote: r.reveal.decisionNote,
    createdAt: r.reveal.createdAt,
    decidedAt: r.reveal.decidedAt,
    expiresAt: r.reveal.expiresAt,
    signalId: r.signalId,
  });
  const [pending, decided] = await Promise.all([
    base().where(eq(identityReveals.status, 'requested')).orderBy(identityReveals.createdAt),
    base()
      .where(sql`${identityReveals.status} <> 'requested'`)
      .orderBy(desc(identityReveals.decidedAt))
      .limit(options.decidedLimit ?? 30),
  ]);
  return { pending: pending.map(toRow), decided: decided.map(toRow) };
}
