import {
  consentHorizon,
  DomainError,
  newId,
  type ContactInput,
  type OrganisationInput,
} from '@counterpoint/core';
import { and, asc, count, eq, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { contacts, organisations } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { users } from '../schema/users.js';

/**
 * Organisations and contacts. Audit rows name which personal fields changed but never their values:
 * the audit chain is permanent, and a contact's erasure must not leave their e-mail behind in it.
 */

export const CONTACT_LIST_LIMIT = 500;

export type OrganisationRow = typeof organisations.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

export interface OrganisationListItem {
  id: string;
  name: string;
  kind: string;
  districtId: string | null;
  district: string | null;
  contacts: number;
  engagements: number;
}

export interface OrganisationFilter {
  q?: string;
  kind?: string;
  districtId?: string;
}

function like(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listOrganisations(
  db: Db,
  filter: OrganisationFilter = {},
): Promise<OrganisationListItem[]> {
  const where: SQL[] = [];
  if (filter.q) where.push(ilike(organisations.name, like(filter.q)));
  if (filter.kind) where.push(sql`${organisations.kind} = ${filter.kind}`);
  if (filter.districtId) where.push(eq(organisations.districtId, filter.districtId));
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      districtId: organisations.districtId,
      district: districts.name,
      contacts: sql<number>`(select count(*) from contacts c where c.organisation_id = ${organisations.id} and c.erased_at is null)::int`,
      engagements: sql<number>`(select count(*) from engagement_organisations eo where eo.organisation_id = ${organisations.id})::int`,
    })
    .from(organisations)
    .leftJoin(districts, eq(districts.id, organisations.districtId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(CONTACT_LIST_LIMIT);
}

export async function getOrganisation(db: Db, id: string): Promise<OrganisationRow | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row ?? null;
}

async function assertExists(
  tx: Db,
  table: 'districts' | 'organisations' | 'users',
  id: string | null,
  what: string,
) {
  if (!id) return;
  const t = table === 'districts' ? districts : table === 'organisations' ? organisations : users;
  const [row] = await tx.select({ n: count() }).from(t).where(eq(t.id, id));
  if (!row || row.n === 0)
    throw new DomainError('invalid_input', `That ${what} does not exist.`, { field: what });
}

/** Creates an organisation, or updates it when `id` is given. */
export async function saveOrganisation(
  db: Db,
  actor: Actor,
  input: OrganisationInput,
  id?: string,
): Promise<OrganisationRow> {
  return mutate(db, actor, async (tx) => {
    await assertExists(tx, 'districts', input.districtId, 'district');
    if (id) {
      const before = await getOrganisation(tx, id);
      if (!before) throw new DomainError('not_found', 'That organisation no longer exists.');
      const [row] = await tx
        .update(organisations)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(organisations.id, id))
        .returning();
      return {
        result: row!,
        audit: {
          action: 'organisation.updated',
          entityType: 'organisation',
          entityId: id,
          change: {
            before: { name: before.name, kind: before.kind, districtId: before.districtId },
            after: input,
          },
        },
      };
    }
    const [row] = await tx
      .insert(organisations)
      .values({ id: newId('organisation'), ...input })
      .returning();
    return {
      result: row!,
      audit: { action: 'organisation.created', entityType: 'organisation', entityId: row!.id, change: input },
    };
  });
}

export type ConsentFilter = 'expiring' | 'expired' | 'none';

export interface ContactFilter {
  q?: string;
  districtId?: string;
  organisationId?: string;
  lawfulBasis?: string;
  consent?: ConsentFilter;
  ownerId?: string;
  /** For the consent filter: today in London. */
  today: string;
}

export interface ContactListItem {
  id: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  contactPreference: string | null;
  lawfulBasis: string;
  consentGivenOn: string | null;
  consentExpiresOn: string | null;
  organisationId: string | null;
  organisation: string | null;
  districtId: string | null;
  district: string | null;
  ownerId: string | null;
  owner: string | null;
}

const contactColumns = {
  id: contacts.id,
  name: contacts.name,
  role: contacts.role,
  email: contacts.email,
  phone: contacts.phone,
  contactPreference: contacts.contactPreference,
  lawfulBasis: contacts.lawfulBasis,
  consentGivenOn: contacts.consentGivenOn,
  consentExpiresOn: contacts.consentExpiresOn,
  organisationId: contacts.organisationId,
  organisation: organisations.name,
  districtId: contacts.districtId,
  district: districts.name,
  ownerId: contacts.ownerId,
  owner: users.name,
};

/** Contacts not erased, by name; search covers name, role, e-mail and organisation. */
export async function listContacts(
  db: Db,
  filter: ContactFilter,
  limit = CONTACT_LIST_LIMIT,
): Promise<ContactListItem[]> {
  const where: SQL[] = [isNull(contacts.erasedAt)];
  if (filter.q) {
    const p = like(filter.q);
    where.push(
      or(
        ilike(contacts.name, p),
        ilike(contacts.role, p),
        ilike(contacts.email, p),
        ilike(organisations.name, p),
      )!,
    );
  }
  if (filter.districtId) where.push(eq(contacts.districtId, filter.districtId));
  if (filter.organisationId) where.push(eq(contacts.organisationId, filter.organisationId));
  if (filter.lawfulBasis) where.push(sql`${contacts.lawfulBasis} = ${filter.lawfulBasis}`);
  if (filter.ownerId) where.push(eq(contacts.ownerId, filter.ownerId));
  if (filter.consent === 'expired') where.push(lt(contacts.consentExpiresOn, filter.today));
  if (filter.consent === 'expiring')
    where.push(sql`${contacts.consentExpiresOn} between ${filter.today} and ${consentHorizon(filter.today)}`);
  if (filter.consent === 'none') where.push(isNull(contacts.consentExpiresOn));
  return db
    .select(contactColumns)
    .from(contacts)
    .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
    .leftJoin(districts, eq(districts.id, contacts.districtId))
    .leftJoin(users, eq(users.id, contacts.ownerId))
    .where(and(...where))
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(limit);
}

export async function getContact(db: Db, id: string): Promise<ContactListItem | null> {
  const [row] = await db
    .select(contactColumns)
    .from(contacts)
    .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
    .leftJoin(districts, eq(districts.id, contacts.districtId))
    .leftJoin(users, eq(users.id, contacts.ownerId))
    .where(and(eq(contacts.id, id), isNull(contacts.erasedAt)))
    .limit(1);
  return row ?? null;
}

const PERSONAL = ['name', 'role', 'email', 'phone'] as const;

/** The audit description of a contact change: personal fields by name only, the rest by value. */
export function contactAuditChange(
  before: Partial<ContactInput> | null,
  after: ContactInput,
): Record<string, unknown> {
  const changed = (Object.keys(after) as Array<keyof ContactInput>).filter(
    (k) => !before || (before[k] ?? null) !== (after[k] ?? null),
  );
  const values: Record<string, unknown> = {};
  for (const k of changed) if (!(PERSONAL as readonly string[]).includes(k)) values[k] = after[k];
  return { changed, values };
}

/** Checks the references a contact makes, inside the caller's transaction. */
export async function assertContactReferences(tx: Db, input: ContactInput): Promise<void> {
  await assertExists(tx, 'organisations', input.organisationId, 'organisation');
  await assertExists(tx, 'districts', input.districtId, 'district');
  await assertExists(tx, 'users', input.ownerId, 'owner');
}

/**
 * Creates a contact, or updates it when `id` is given. A new contact without an owner is owned by
 * whoever records it, so a consent-expiry task always has someone to go to.
 */
export async function saveContact(
  db: Db,
  actor: Actor,
  input: ContactInput,
  id?: string,
): Promise<ContactRow> {
  const values = { ...input, ownerId: input.ownerId ?? actor.id };
  return mutate(db, actor, async (tx) => {
    await assertContactReferences(tx, values);
    if (id) {
      const [before] = await tx
        .select()
        .from(contacts)
        .where(and(eq(contacts.id, id), isNull(contacts.erasedAt)))
        .limit(1);
      if (!before) throw new DomainError('not_found', 'That contact no longer exists.');
      const [row] = await tx
        .update(contacts)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(contacts.id, id))
        .returning();
      return {
        result: row!,
        audit: {
          action: 'contact.updated',
          entityType: 'contact',
          entityId: id,
          change: contactAuditChange(before, values),
        },
      };
    }
    const [row] = await tx
      .insert(contacts)
      .values({ id: newId('contact'), ...values })
      .returning();
    return {
      result: row!,
      audit: {
        action: 'contact.created',
        entityType: 'contact',
        entityId: row!.id,
        change: contactAuditChange(null, values),
      },
    };
  });
}

/** For pickers: organisations and contacts by name, small enough to send whole. */
export async function contactChoices(db: Db): Promise<{
  organisations: Array<{ id: string; name: string; districtId: string | null }>;
  contacts: Array<{ id: string; name: string; organisation: string | null; organisationId: string | null }>;
}> {
  const [orgs, people] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name, districtId: organisations.districtId })
      .from(organisations)
      .orderBy(asc(organisations.name))
      .limit(CONTACT_LIST_LIMIT),
    db
      .select({
        id: contacts.id,
        name: contacts.name,
        organisation: organisations.name,
        organisationId: contacts.organisationId,
      })
      .from(contacts)
      .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
      .where(isNull(contacts.erasedAt))
      .orderBy(asc(contacts.name))
      .limit(CONTACT_LIST_LIMIT),
  ]);
  return { organisations: orgs, contacts: people };
}
