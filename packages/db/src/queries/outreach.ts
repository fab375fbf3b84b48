import { DomainError, newId, type EngagementInput } from '@counterpoint/core';
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { campaigns } from '../schema/campaigns.js';
import { contacts, organisations } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { narratives } from '../schema/narratives.js';
import {
  engagementCampaigns,
  engagementContacts,
  engagementNarratives,
  engagementOrganisations,
  engagements,
  followUps,
} from '../schema/outreach.js';
import { users } from '../schema/users.js';
import { followUpColumns, type FollowUpItem } from './follow-ups.js';

/** The outreach log: engagements, what they were linked to, and their follow-ups. */

export interface EngagementFilter {
  q?: string;
  kind?: string;
  districtId?: string;
  organisationId?: string;
}

export interface EngagementListItem {
  id: string;
  kind: string;
  title: string;
  occurredOn: string;
  district: string | null;
  owner: string | null;
  organisations: string[];
  topics: string[];
  openFollowUps: number;
}

export async function listEngagements(
  db: Db,
  filter: EngagementFilter = {},
  limit = 300,
): Promise<EngagementListItem[]> {
  const where: SQL[] = [];
  if (filter.q) {
    const p = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(engagements.title, p),
        ilike(engagements.notes, p),
        sql`exists (select 1 from unnest(${engagements.topics}) t where t ilike ${p})`,
      )!,
    );
  }
  if (filter.kind) where.push(sql`${engagements.kind} = ${filter.kind}`);
  if (filter.districtId) where.push(eq(engagements.districtId, filter.districtId));
  if (filter.organisationId)
    where.push(
      sql`exists (select 1 from engagement_organisations eo where eo.engagement_id = ${engagements.id} and eo.organisation_id = ${filter.organisationId})`,
    );
  return db
    .select({
      id: engagements.id,
      kind: engagements.kind,
      title: engagements.title,
      occurredOn: engagements.occurredOn,
      district: districts.name,
      owner: users.name,
      organisations: sql<
        string[]
      >`coalesce((select array_agg(o.name order by o.name) from engagement_organisations eo join organisations o on o.id = eo.organisation_id where eo.engagement_id = ${engagements.id}), '{}')`,
      topics: engagements.topics,
      openFollowUps: sql<number>`(select count(*) from follow_ups f where f.engagement_id = ${engagements.id} and f.done_at is null)::int`,
    })
    .from(engagements)
    .leftJoin(districts, eq(districts.id, engagements.districtId))
    .leftJoin(users, eq(users.id, engagements.ownerId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(engagements.occurredOn), desc(engagements.id))
    .limit(limit);
}

export interface EngagementDetail {
  id: string;
  kind: string;
  title: string;
  occurredOn: string;
  districtId: string | null;
  district: string | null;
  topics: string[];
  notes: string;
  outcome: string | null;
  ownerId: string | null;
  owner: string | null;
  organisations: Array<{ id: string; name: string }>;
  contacts: Array<{ id: string; name: string }>;
  narratives: Array<{ id: string; title: string }>;
  campaigns: Array<{ id: string; title: string }>;
  followUps: FollowUpItem[];
}

export async function getEngagement(db: Db, id: string): Promise<EngagementDetail | null> {
  const [row] = await db
    .select({
      id: engagements.id,
      kind: engagements.kind,
      title: engagements.title,
      occurredOn: engagements.occurredOn,
      districtId: engagements.districtId,
      district: districts.name,
      topics: engagements.topics,
      notes: engagements.notes,
      outcome: engagements.outcome,
      ownerId: engagements.ownerId,
      owner: users.name,
    })
    .from(engagements)
    .leftJoin(districts, eq(districts.id, engagements.districtId))
    .leftJoin(users, eq(users.id, engagements.ownerId))
    .where(eq(engagements.id, id))
    .limit(1);
  if (!row) return null;
  const [orgs, people, themes, camps, fups] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(engagementOrganisations)
      .innerJoin(organisations, eq(organisations.id, engagementOrganisations.organisationId))
      .where(eq(engagementOrganisations.engagementId, id))
      .orderBy(asc(organisations.name)),
    db
      .select({ id: contacts.id, name: contacts.name })
      .from(engagementContacts)
      .innerJoin(contacts, eq(contacts.id, engagementContacts.contactId))
      .where(and(eq(engagementContacts.engagementId, id), isNull(contacts.erasedAt)))
      .orderBy(asc(contacts.name)),
    db
      .select({ id: narratives.id, title: narratives.title })
      .from(engagementNarratives)
      .innerJoin(narratives, eq(narratives.id, engagementNarratives.narrativeId))
      .where(eq(engagementNarratives.engagementId, id))
      .orderBy(asc(narratives.title)),
    db
      .select({ id: campaigns.id, title: campaigns.title })
      .from(engagementCampaigns)
      .innerJoin(campaigns, eq(campaigns.id, engagementCampaigns.campaignId))
      .where(eq(engagementCampaigns.engagementId, id))
      .orderBy(asc(campaigns.title)),
    db
      .select(followUpColumns)
      .from(followUps)
      .innerJoin(engagements, eq(engagements.id, followUps.engagementId))
      .leftJoin(users, eq(users.id, followUps.ownerId))
      .where(eq(followUps.engagementId, id))
      .orderBy(
        sql`${followUps.doneAt} is not null`,
        sql`${followUps.dueOn} asc nulls last`,
        asc(followUps.id),
      ),
  ]);
  return {
    ...row,
    organisations: orgs,
    contacts: people,
    narratives: themes,
    campaigns: camps,
    followUps: fups,
  };
}

/** Refuses ids that do not exist, naming the kind of thing, before anything is written. */
async function assertAll(
  tx: Db,
  what: string,
  table: 'organisations' | 'contacts' | 'narratives' | 'campaigns' | 'users',
  ids: readonly string[],
) {
  if (ids.length === 0) return;
  const t = { organisations, contacts, narratives, campaigns, users }[table];
  const found = await tx
    .select({ id: t.id })
    .from(t)
    .where(inArray(t.id, [...ids]));
  if (found.length !== new Set(ids).size)
    throw new DomainError(
      'invalid_input',
      `One of the chosen ${what} no longer exists; reload the page and choose again.`,
    );
}

async function assertDistrict(tx: Db, id: string | null) {
  if (!id) return;
  const [d] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.id, id));
  if (!d) throw new DomainError('invalid_input', 'That district does not exist.');
}

/** Logs an engagement with its links and follow-ups; the person logging it owns it. */
export async function createEngagement(db: Db, actor: Actor, input: EngagementInput): Promise<string> {
  return mutate(db, actor, async (tx) => {
    await assertDistrict(tx, input.districtId);
    await assertAll(tx, 'organisations', 'organisations', input.organisationIds);
    await assertAll(tx, 'contacts', 'contacts', input.contactIds);
    await assertAll(tx, 'narratives', 'narratives', input.narrativeIds);
    await assertAll(tx, 'campaigns', 'campaigns', input.campaignIds);
    await assertAll(
      tx,
      'owners',
      'users',
      input.followUps.map((f) => f.ownerId),
    );
    const id = newId('engagement');
    await tx.insert(engagements).values({
      id,
      kind: input.kind,
      title: input.title,
      occurredOn: input.occurredOn,
      districtId: input.districtId,
      topics: input.topics,
      notes: input.notes,
      outcome: input.outcome,
      ownerId: actor.id,
    });
    if (input.organisationIds.length > 0)
      await tx
        .insert(engagementOrganisations)
        .values(input.organisationIds.map((o) => ({ engagementId: id, organisationId: o })));
    if (input.contactIds.length > 0)
      await tx
        .insert(engagementContacts)
        .values(input.contactIds.map((c) => ({ engagementId: id, contactId: c })));
    if (input.narrativeIds.length > 0)
      await tx
        .insert(engagementNarratives)
        .values(input.narrativeIds.map((n) => ({ engagementId: id, narrativeId: n })));
    if (input.campaignIds.length > 0)
      await tx
        .insert(engagementCampaigns)
        .values(input.campaignIds.map((c) => ({ engagementId: id, campaignId: c })));
    const followUpIds = input.followUps.map(() => newId('followUp'));
    if (input.followUps.length > 0)
      await tx
        .insert(followUps)
        .values(input.followUps.map((f, i) => ({ id: followUpIds[i]!, engagementId: id, ...f })));
    // Notes and outcome can name people; the audit keeps the shape of the record, not its prose.
    return {
      result: id,
      audit: {
        action: 'engagement.logged',
        entityType: 'engagement',
        entityId: id,
        change: {
          kind: input.kind,
          occurredOn: input.occurredOn,
          districtId: input.districtId,
          organisationIds: input.organisationIds,
          contactIds: input.contactIds,
          narrativeIds: input.narrativeIds,
          campaignIds: input.campaignIds,
          followUps: input.followUps.map((f, i) => ({
            id: followUpIds[i],
            ownerId: f.ownerId,
            dueOn: f.dueOn,
          })),
        },
      },
    };
  });
}

/** What an engagement can link to: narratives and campaigns by title; people who can own follow-ups. */
export async function engagementLinkChoices(db: Db): Promise<{
  narratives: Array<{ id: string; title: string }>;
  campaigns: Array<{ id: string; title: string }>;
  owners: Array<{ id: string; name: string }>;
}> {
  const [n, c, u] = await Promise.all([
    db
      .select({ id: narratives.id, title: narratives.title })
      .from(narratives)
      .orderBy(asc(narratives.title))
      .limit(500),
    db
      .select({ id: campaigns.id, title: campaigns.title })
      .from(campaigns)
      .orderBy(asc(campaigns.title))
      .limit(500),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.disabled, false))
      .orderBy(asc(users.name)),
  ]);
  return { narratives: n, campaigns: c, owners: u };
}
