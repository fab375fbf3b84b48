import {
  assertCampaignTransition,
  campaignEditable,
  DomainError,
  newId,
  type CampaignFacts,
  type CampaignStatus,
  type Role,
} from '@counterpoint/core';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import {
  campaignActivities,
  campaignContacts,
  campaignDistricts,
  campaignMessages,
  campaignNarratives,
  campaignOrganisations,
  campaigns,
} from '../schema/campaigns.js';
import { contacts, organisations } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { narratives } from '../schema/narratives.js';
import { users } from '../schema/users.js';

/** Someone changing campaigns: the workflow rules need their role as well as who they are. */
export type CampaignActor = Actor & { id: string; role: Role };

export interface CampaignInput {
  title: string;
  objective: string;
  audiences: string[];
  channels: string[];
  keyMessages: string[];
  assets: Array<{ label: string; url: string }>;
  ownerId: string | null;
  startsOn: string | null;
  endsOn: string | null;
  narrativeIds: string[];
  districtIds: string[];
  organisationIds: string[];
  contactIds: string[];
}

export interface CampaignListRow {
  id: string;
  title: string;
  objective: string;
  status: CampaignStatus;
  channels: string[];
  startsOn: string | null;
  endsOn: string | null;
  owner: string | null;
  districts: string[];
  activities: number;
  nextActivityAt: Date | null;
  messagesWaiting: number;
  updatedAt: Date;
}

export interface CampaignListFilter {
  status?: CampaignStatus | null;
  districtId?: string | null;
}

/** Every campaign, live and in-review first, then by start date; bounded at 200. */
export async function listCampaigns(db: Db, filter: CampaignListFilter = {}): Promise<CampaignListRow[]> {
  const where = [];
  if (filter.status) where.push(eq(campaigns.status, filter.status));
  if (filter.districtId)
    where.push(
      sql`exists (select 1 from campaign_districts cd where cd.campaign_id = ${campaigns.id} and cd.district_id = ${filter.districtId})`,
    );
  const rows = await db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      objective: campaigns.objective,
      status: campaigns.status,
      channels: campaigns.channels,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
      owner: users.name,
      updatedAt: campaigns.updatedAt,
      districts: sql<
        string[]
      >`coalesce((select array_agg(d.name order by d.name) from campaign_districts cd join districts d on d.id = cd.district_id where cd.campaign_id = ${campaigns.id}), '{}')`,
      activities:
        sql<number>`(select count(*) from campaign_activities a where a.campaign_id = ${campaigns.id})`.mapWith(
          Number,
        ),
      nextActivityAt:
        sql<Date | null>`(select min(a.starts_at) from campaign_activities a where a.campaign_id = ${campaigns.id} and a.status = 'planned' and a.starts_at >= now())`.mapWith(
          (v: string | Date | null) => (v ? new Date(v) : null),
        ),
      messagesWaiting:
        sql<number>`(select count(*) from campaign_messages m where m.campaign_id = ${campaigns.id} and m.status = 'submitted')`.mapWith(
          Number,
        ),
    })
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.ownerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      sql`case ${campaigns.status} when 'live' then 0 when 'in_review' then 1 when 'approved' then 2 when 'draft' then 3 else 4 end`,
      asc(campaigns.startsOn),
      desc(campaigns.updatedAt),
    )
    .limit(200);
  return rows;
}

export type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignDetail extends CampaignRow {
  owner: { id: string; name: string } | null;
  narratives: Array<{ id: string; title: string }>;
  districts: Array<{ id: string; name: string }>;
  organisations: Array<{ id: string; name: string }>;
  contacts: Array<{ id: string; name: string; role: string | null }>;
}

export async function getCampaign(db: Db, id: string): Promise<CampaignDetail | null> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  if (!row) return null;
  const [owner, narrativeRows, districtRows, organisationRows, contactRows] = await Promise.all([
    row.ownerId
      ? db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.ownerId))
      : Promise.resolve([]),
    db
      .select({ id: narratives.id, title: narratives.title })
      .from(campaignNarratives)
      .innerJoin(narratives, eq(narratives.id, campaignNarratives.narrativeId))
      .where(eq(campaignNarratives.campaignId, id))
      .orderBy(asc(narratives.title)),
    db
      .select({ id: districts.id, name: districts.name })
      .from(campaignDistricts)
      .innerJoin(districts, eq(districts.id, campaignDistricts.districtId))
      .where(eq(campaignDistricts.campaignId, id))
      .orderBy(asc(districts.name)),
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(campaignOrganisations)
      .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
      .where(eq(campaignOrganisations.campaignId, id))
      .orderBy(asc(organisations.name)),
    db
      .select({ id: contacts.id, name: contacts.name, role: contacts.role })
      .from(campaignContacts)
      .innerJoin(contacts, eq(contacts.id, campaignContacts.contactId))
      .where(eq(campaignContacts.campaignId, id))
      .orderBy(asc(contacts.name)),
  ]);
  return {
    ...row,
    owner: owner[0] ?? null,
    narratives: narrativeRows,
    districts: districtRows,
    organisations: organisationRows,
    contacts: contactRows,
  };
}

/** What the campaign form offers to choose from. Erased contacts are never offered. */
export async function campaignFormOptions(db: Db) {
  const [narrativeRows, districtRows, organisationRows, contactRows, ownerRows] = await Promise.all([
    db
      .select({ id: narratives.id, title: narratives.title, status: narratives.status })
      .from(narratives)
      .orderBy(sql`${narratives.status} = 'dormant'`, asc(narratives.title))
      .limit(500),
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .where(eq(districts.tier, 'district'))
      .orderBy(asc(districts.name)),
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .orderBy(asc(organisations.name))
      .limit(1000),
    db
      .select({ id: contacts.id, name: contacts.name, role: contacts.role, organisation: organisations.name })
      .from(contacts)
      .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
      .where(sql`${contacts.erasedAt} is null`)
      .orderBy(asc(contacts.name))
      .limit(1000),
    db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(and(eq(users.disabled, false), inArray(users.role, ['communications_officer', 'supervisor'])))
      .orderBy(asc(users.name)),
  ]);
  return {
    narratives: narrativeRows,
    districts: districtRows,
    organisations: organisationRows,
    contacts: contactRows,
    owners: ownerRows,
  };
}

async function replaceLinks(tx: Db, campaignId: string, input: CampaignInput): Promise<void> {
  await tx.delete(campaignNarratives).where(eq(campaignNarratives.campaignId, campaignId));
  await tx.delete(campaignDistricts).where(eq(campaignDistricts.campaignId, campaignId));
  await tx.delete(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaignId));
  await tx.delete(campaignContacts).where(eq(campaignContacts.campaignId, campaignId));
  const uniq = (ids: string[]) => [...new Set(ids)];
  if (input.narrativeIds.length)
    await tx
      .insert(campaignNarratives)
      .values(uniq(input.narrativeIds).map((narrativeId) => ({ campaignId, narrativeId })));
  if (input.districtIds.length)
    await tx
      .insert(campaignDistricts)
      .values(uniq(input.districtIds).map((districtId) => ({ campaignId, districtId })));
  if (input.organisationIds.length)
    await tx
      .insert(campaignOrganisations)
      .values(uniq(input.organisationIds).map((organisationId) => ({ campaignId, organisationId })));
  if (input.contactIds.length)
    await tx
      .insert(campaignContacts)
      .values(uniq(input.contactIds).map((contactId) => ({ campaignId, contactId })));
}

function fields(input: CampaignInput) {
  return {
    title: input.title,
    objective: input.objective,
    audiences: input.audiences,
    channels: input.channels,
    keyMessages: input.keyMessages,
    assets: input.assets,
    ownerId: input.ownerId,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
  };
}

/** Foreign-key failures (a narrative deleted while the form was open) become a plain message. */
function linkError(e: unknown): never {
  const code =
    (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
  if (code === '23503')
    throw new DomainError(
      'invalid_input',
      'One of the chosen narratives, districts or partners no longer exists.',
    );
  throw e;
}

export async function createCampaign(db: Db, actor: CampaignActor, input: CampaignInput): Promise<string> {
  const id = newId('campaign');
  try {
    return await mutate(db, actor, async (tx) => {
      await tx.insert(campaigns).values({ id, ...fields(input), status: 'draft' });
      await replaceLinks(tx, id, input);
      return {
        result: id,
        audit: { action: 'campaign.created', entityType: 'campaign', entityId: id, change: input },
      };
    });
  } catch (e) {
    return linkError(e);
  }
}

export async function updateCampaign(
  db: Db,
  actor: CampaignActor,
  id: string,
  input: CampaignInput,
): Promise<void> {
  try {
    await mutate(db, actor, async (tx) => {
      const [row] = await tx
        .select({ status: campaigns.status })
        .from(campaigns)
        .where(eq(campaigns.id, id))
        .for('update')
        .limit(1);
      if (!row) throw new DomainError('not_found', 'That campaign no longer exists.');
      if (!campaignEditable(row.status))
        throw new DomainError(
          'invalid_state',
          'Only a draft campaign can be changed. Re-open it for changes first (it will need approval again).',
        );
      await tx
        .update(campaigns)
        .set({ ...fields(input), updatedAt: new Date() })
        .where(eq(campaigns.id, id));
      await replaceLinks(tx, id, input);
      return {
        result: undefined,
        audit: { action: 'campaign.updated', entityType: 'campaign', entityId: id, change: input },
      };
    });
  } catch (e) {
    linkError(e);
  }
}

/** The facts the workflow rules need, read inside the caller's transaction. */
export async function campaignFacts(tx: Db, id: string, lock = false): Promise<CampaignFacts | null> {
  const q = tx
    .select({
      status: campaigns.status,
      ownerId: campaigns.ownerId,
      objective: campaigns.objective,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
    })
    .from(campaigns)
    .where(eq(campaigns.id, id))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) return null;
  const [districtRows, messageRows, activityRows] = await Promise.all([
    tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(campaignDistricts)
      .where(eq(campaignDistricts.campaignId, id)),
    tx
      .select({ status: campaignMessages.status })
      .from(campaignMessages)
      .where(eq(campaignMessages.campaignId, id)),
    tx
      .select({ status: campaignActivities.status })
      .from(campaignActivities)
      .where(eq(campaignActivities.campaignId, id)),
  ]);
  return { ...row, districts: districtRows[0]?.n ?? 0, messages: messageRows, activities: activityRows };
}

/**
 * Moves a campaign along its workflow after the core rules agree. `evaluation` is stored when the
 * step is to 'evaluated' (the outcome figures at that moment plus the person's summary).
 */
export async function changeCampaignStatus(
  db: Db,
  actor: CampaignActor,
  id: string,
  to: CampaignStatus,
  options: { comment?: string | null; evaluation?: Record<string, unknown> | null } = {},
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const facts = await campaignFacts(tx, id, true);
    if (!facts) throw new DomainError('not_found', 'That campaign no longer exists.');
    assertCampaignTransition(facts, to, actor);
    await tx
      .update(campaigns)
      .set({
        status: to,
        updatedAt: new Date(),
        ...(to === 'evaluated' ? { evaluation: options.evaluation ?? {} } : {}),
      })
      .where(eq(campaigns.id, id));
    return {
      result: undefined,
      audit: {
        action: 'campaign.status_changed',
        entityType: 'campaign',
        entityId: id,
        change: { from: facts.status, to, comment: options.comment ?? null },
      },
    };
  });
}
