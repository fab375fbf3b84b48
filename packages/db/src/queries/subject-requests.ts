import { DomainError } from '@counterpoint/core';
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';
import { campaignContacts, campaigns } from '../schema/campaigns.js';
import { contacts, organisations, tasks } from '../schema/contacts.js';
import { identities, items } from '../schema/items.js';
import { engagementContacts, engagements } from '../schema/outreach.js';
import { identityReveals } from '../schema/privacy.js';
import { notes, signals } from '../schema/triage.js';

/**
 * Data subject requests (UK GDPR articles 15 and 17): everything held about a community contact,
 * as one JSON document, and its erasure; and, for an author of public posts, what is held under the
 * pseudonym their handle maps to. Each request writes an audit row, so the answer can be evidenced.
 */

export const MIN_ERASURE_REASON = 10;

/** Everything held about one contact, as the subject access answer will carry it. */
export async function exportContact(db: Db, actor: Actor, contactId: string) {
  return mutate(db, actor, async (tx) => {
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
    if (!contact) throw new DomainError('not_found', 'That contact does not exist.');
    const [organisation, engagementRows, campaignRows, noteRows, taskRows, history] = await Promise.all([
      contact.organisationId
        ? tx
            .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
            .from(organisations)
            .where(eq(organisations.id, contact.organisationId))
            .then((r) => r[0] ?? null)
        : Promise.resolve(null),
      tx
        .select({
          id: engagements.id,
          kind: engagements.kind,
          title: engagements.title,
          occurredOn: engagements.occurredOn,
          notes: engagements.notes,
          outcome: engagements.outcome,
        })
        .from(engagementContacts)
        .innerJoin(engagements, eq(engagements.id, engagementContacts.engagementId))
        .where(eq(engagementContacts.contactId, contactId))
        .orderBy(asc(engagements.occurredOn)),
      tx
        .select({ id: campaigns.id, title: campaigns.title })
        .from(campaignContacts)
        .innerJoin(campaigns, eq(campaigns.id, campaignContacts.campaignId))
        .where(eq(campaignContacts.contactId, contactId)),
      tx
        .select({ id: notes.id, body: notes.body, createdAt: notes.createdAt })
        .from(notes)
        .where(and(eq(notes.entityType, 'contact'), eq(notes.entityId, contactId))),
      tx
        .select({
          id: tasks.id,
          kind: tasks.kind,
          title: tasks.title,
          dueOn: tasks.dueOn,
          doneAt: tasks.doneAt,
        })
        .from(tasks)
        .where(and(eq(tasks.entityType, 'contact'), eq(tasks.entityId, contactId))),
      tx
        .select({
          at: auditLog.at,
          action: auditLog.action,
          by: auditLog.actorLabel,
          change: auditLog.change,
        })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId)))
        .orderBy(asc(auditLog.seq)),
    ]);
    const document = {
      kind: 'counterpoint.subject-access.contact',
      exportedAt: new Date().toISOString(),
      exportedBy: actor.label,
      contact,
      organisation,
      engagements: engagementRows,
      campaigns: campaignRows,
      notes: noteRows,
      tasks: taskRows,
      history,
    };
    return {
      result: document,
      audit: {
        action: 'contact.export',
        entityType: 'contact',
        entityId: contactId,
        change: {
          purpose: 'subject access request',
          counts: {
            engagements: engagementRows.length,
            campaigns: campaignRows.length,
            notes: noteRows.length,
            tasks: taskRows.length,
            history: history.length,
          },
        },
      },
    };
  });
}

/**
 * Erases a contact on request: the personal fields are blanked and `erased_at` set (the row stays
 * so engagement counts still add up), links to engagements and campaigns, notes and tasks about
 * them go. The audit trail keeps its earlier rows: it is append-only and hash-chained.
 */
export async function eraseContact(db: Db, actor: Actor, contactId: string, reason: string) {
  const why = reason.trim();
  if (why.length < MIN_ERASURE_REASON) {
    throw new DomainError(
      'invalid_input',
      `Give the reason for the erasure (at least ${MIN_ERASURE_REASON} characters).`,
      {
        field: 'reason',
      },
    );
  }
  if (why.length > 1000) throw new DomainError('invalid_input', 'Keep the reason under 1,000 characters.');
  return mutate(db, actor, async (tx) => {
    const [contact] = await tx
      .select({ id: contacts.id, erasedAt: contacts.erasedAt })
      .from(contacts)
      .where(eq(contacts.id, contactId))
      .for('update');
    if (!contact) throw new DomainError('not_found', 'That contact does not exist.');
    if (contact.erasedAt) throw new DomainError('invalid_state', 'This contact was already erased.');
    await tx
      .update(contacts)
      .set({
        name: '',
        role: null,
        email: null,
        phone: null,
        contactPreference: null,
        consentGivenOn: null,
        consentExpiresOn: null,
        organisationId: null,
        ownerId: null,
        erasedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, contactId));
    const removed = {
      engagementLinks: (
        await tx.delete(engagementContacts).where(eq(engagementContacts.contactId, contactId)).returning()
      ).length,
      campaignLinks: (
        await tx.delete(campaignContacts).where(eq(campaignContacts.contactId, contactId)).returning()
      ).length,
      notes: (
        await tx
          .delete(notes)
          .where(and(eq(notes.entityType, 'contact'), eq(notes.entityId, contactId)))
          .returning({ id: notes.id })
      ).length,
      tasks: (
        await tx
          .delete(tasks)
          .where(and(eq(tasks.entityType, 'contact'), eq(tasks.entityId, contactId)))
          .returning({ id: tasks.id })
      ).length,
    };
    return {
      result: removed,
      audit: {
        action: 'contact.erase',
        entityType: 'contact',
        entityId: contactId,
        change: { reason: why, removed },
      },
    };
  });
}

/** Contacts a supervisor can pick for a request, found by name or e-mail; erased ones excluded. */
export async function findContactsForRequest(db: Db, query: string, limit = 20) {
  const q = query.trim();
  if (q.length < 2) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      organisation: organisations.name,
    })
    .from(contacts)
    .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(
      and(
        isNull(contacts.erasedAt),
        sql`(${contacts.name} ilike ${like} or ${contacts.email} ilike ${like})`,
      ),
    )
    .orderBy(asc(contacts.name))
    .limit(limit);
}

export interface HeldForPseudonym {
  items: number;
  signals: number;
  signalsByStatus: Record<string, number>;
  identityHeld: boolean;
  reveals: number;
  recentSignals: Array<{ id: string; status: string; createdAt: Date; url: string | null }>;
  recentItems: Array<{ id: string; url: string | null; collectedAt: Date; platform: string }>;
}

/**
 * What is held under one pseudonym, for a subject access request by the author of public posts. The
 * caller computes the pseudonym from the handle with the capture secret; the audit row records the
 * platform and pseudonym, never the handle in clear.
 */
export async function heldContentForPseudonym(
  db: Db,
  actor: Actor,
  input: { platform: string; pseudonym: string },
  listLimit = 50,
): Promise<HeldForPseudonym> {
  if (!/^[0-9a-f]{64}$/.test(input.pseudonym)) throw new DomainError('invalid_input', 'Not a pseudonym.');
  return mutate(db, actor, async (tx) => {
    const p = input.pseudonym;
    const [[itemCount], statusRows, [identity], [revealCount], recentSignals, recentItems] =
      await Promise.all([
        tx.select({ n: count() }).from(items).where(eq(items.authorPseudonym, p)),
        tx
          .select({ status: signals.status, n: count() })
          .from(signals)
          .innerJoin(items, eq(items.id, signals.itemId))
          .where(eq(items.authorPseudonym, p))
          .groupBy(signals.status),
        tx.select({ id: identities.id }).from(identities).where(eq(identities.pseudonym, p)),
        tx.select({ n: count() }).from(identityReveals).where(eq(identityReveals.pseudonym, p)),
        tx
          .select({ id: signals.id, status: signals.status, createdAt: signals.createdAt, url: items.url })
          .from(signals)
          .innerJoin(items, eq(items.id, signals.itemId))
          .where(eq(items.authorPseudonym, p))
          .orderBy(desc(signals.createdAt))
          .limit(listLimit),
        tx
          .select({ id: items.id, url: items.url, collectedAt: items.collectedAt, platform: items.platform })
          .from(items)
          .where(eq(items.authorPseudonym, p))
          .orderBy(desc(items.collectedAt))
          .limit(listLimit),
      ]);
    const signalsByStatus = Object.fromEntries(statusRows.map((r) => [r.status, r.n]));
    const held: HeldForPseudonym = {
      items: itemCount?.n ?? 0,
      signals: statusRows.reduce((a, r) => a + r.n, 0),
      signalsByStatus,
      identityHeld: Boolean(identity),
      reveals: revealCount?.n ?? 0,
      recentSignals,
      recentItems,
    };
    return {
      result: held,
      audit: {
        action: 'subject.lookup',
        entityType: 'pseudonym',
        entityId: p,
        change: {
          platform: input.platform,
          items: held.items,
          signals: held.signals,
          identityHeld: held.identityHeld,
        },
      },
    };
  });
}
