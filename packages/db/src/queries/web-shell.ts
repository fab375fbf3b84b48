import { count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';
import { campaigns } from '../schema/campaigns.js';
import { districts, places } from '../schema/geography.js';
import { items } from '../schema/items.js';
import { narratives } from '../schema/narratives.js';
import { engagements, followUps } from '../schema/outreach.js';
import { risks } from '../schema/governance.js';
import { signals } from '../schema/triage.js';
import { sources } from '../schema/sources.js';
import { users } from '../schema/users.js';

// Correlated sub-queries name the outer table explicitly: drizzle renders a column interpolated
// into a select field without its table, which would bind to the inner table instead.

/**
 * Read-only summaries for the workbench shell: the dashboard's counts and the first page of each
 * area. Each list is bounded; the areas' own issues replace these with filtered, paginated queries.
 */

const LIST_LIMIT = 50;

export interface ShellCounts {
  signalsNew: number;
  signalsInReview: number;
  signalsTotal: number;
  narrativesActive: number;
  narrativesTotal: number;
  campaignsLive: number;
  campaignsTotal: number;
  engagementsTotal: number;
  followUpsOpen: number;
  risksOpen: number;
  districts: number;
  places: number;
  sources: number;
  items: number;
  users: number;
}

async function one(query: Promise<Array<{ n: number }>>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

export async function shellCounts(db: Db): Promise<ShellCounts> {
  const bySignalStatus = await db
    .select({ status: signals.status, n: count() })
    .from(signals)
    .groupBy(signals.status);
  const signalCount = (s: string) => Number(bySignalStatus.find((r) => r.status === s)?.n ?? 0);
  const [
    narrativesActive,
    narrativesTotal,
    campaignsLive,
    campaignsTotal,
    engagementsTotal,
    followUpsOpen,
    risksOpen,
    districtCount,
    placeCount,
    sourceCount,
    itemCount,
    userCount,
  ] = await Promise.all([
    one(
      db
        .select({ n: count() })
        .from(narratives)
        .where(inArray(narratives.status, ['emerging', 'active'])),
    ),
    one(db.select({ n: count() }).from(narratives)),
    one(db.select({ n: count() }).from(campaigns).where(eq(campaigns.status, 'live'))),
    one(db.select({ n: count() }).from(campaigns)),
    one(db.select({ n: count() }).from(engagements)),
    one(db.select({ n: count() }).from(followUps).where(isNull(followUps.doneAt))),
    one(
      db
        .select({ n: count() })
        .from(risks)
        .where(inArray(risks.status, ['open', 'treating'])),
    ),
    one(db.select({ n: count() }).from(districts)),
    one(db.select({ n: count() }).from(places)),
    one(db.select({ n: count() }).from(sources)),
    one(db.select({ n: count() }).from(items)),
    one(db.select({ n: count() }).from(users)),
  ]);
  return {
    signalsNew: signalCount('new'),
    signalsInReview: signalCount('in_review'),
    signalsTotal: bySignalStatus.reduce((sum, r) => sum + Number(r.n), 0),
    narrativesActive,
    narrativesTotal,
    campaignsLive,
    campaignsTotal,
    engagementsTotal,
    followUpsOpen,
    risksOpen,
    districts: districtCount,
    places: placeCount,
    sources: sourceCount,
    items: itemCount,
    users: userCount,
  };
}

export interface SignalSummary {
  id: string;
  status: string;
  priority: number;
  category: string | null;
  uncertain: boolean;
  createdAt: Date;
  title: string | null;
  excerpt: string;
  platform: string;
  assignee: string | null;
}

/** The highest-priority open signals first, then the newest. */
export async function listSignalSummaries(db: Db, limit = LIST_LIMIT): Promise<SignalSummary[]> {
  const rows = await db
    .select({
      id: signals.id,
      status: signals.status,
      priority: signals.priority,
      category: signals.category,
      uncertain: signals.uncertain,
      createdAt: signals.createdAt,
      title: items.title,
      excerpt: sql<string>`left(${items.text}, 220)`,
      platform: items.platform,
      assignee: users.name,
    })
    .from(signals)
    .innerJoin(items, eq(items.id, signals.itemId))
    .leftJoin(users, eq(users.id, signals.assigneeId))
    .orderBy(
      sql`case when ${signals.status} in ('new', 'in_review') then 0 else 1 end`,
      desc(signals.priority),
      desc(signals.createdAt),
    )
    .limit(limit);
  return rows;
}

export interface NarrativeSummary {
  id: string;
  title: string;
  summary: string;
  category: string | null;
  status: string;
  lastSeenAt: Date | null;
  signalCount: number;
}

export async function listNarrativeSummaries(db: Db, limit = LIST_LIMIT): Promise<NarrativeSummary[]> {
  const rows = await db
    .select({
      id: narratives.id,
      title: narratives.title,
      summary: narratives.summary,
      category: narratives.category,
      status: narratives.status,
      lastSeenAt: narratives.lastSeenAt,
      signalCount: sql<number>`(select count(*) from narrative_signals ns where ns.narrative_id = "narratives"."id")::int`,
    })
    .from(narratives)
    .orderBy(desc(narratives.updatedAt))
    .limit(limit);
  return rows;
}

export interface CampaignSummary {
  id: string;
  title: string;
  objective: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
  channels: string[];
  owner: string | null;
}

export async function listCampaignSummaries(db: Db, limit = LIST_LIMIT): Promise<CampaignSummary[]> {
  return db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      objective: campaigns.objective,
      status: campaigns.status,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
      channels: campaigns.channels,
      owner: users.name,
    })
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.ownerId))
    .orderBy(desc(campaigns.updatedAt))
    .limit(limit);
}

export interface EngagementSummary {
  id: string;
  kind: string;
  title: string;
  occurredOn: string;
  district: string | null;
  owner: string | null;
  openFollowUps: number;
}

export async function listEngagementSummaries(db: Db, limit = LIST_LIMIT): Promise<EngagementSummary[]> {
  return db
    .select({
      id: engagements.id,
      kind: engagements.kind,
      title: engagements.title,
      occurredOn: engagements.occurredOn,
      district: districts.name,
      owner: users.name,
      openFollowUps: sql<number>`(select count(*) from follow_ups f where f.engagement_id = "engagements"."id" and f.done_at is null)::int`,
    })
    .from(engagements)
    .leftJoin(districts, eq(districts.id, engagements.districtId))
    .leftJoin(users, eq(users.id, engagements.ownerId))
    .orderBy(desc(engagements.occurredOn))
    .limit(limit);
}

export interface RiskSummary {
  id: string;
  title: string;
  likelihood: number;
  impact: number;
  status: string;
  reviewOn: string | null;
  district: string | null;
  owner: string | null;
  openActions: number;
}

/** The register, highest rating (likelihood × impact) first. */
export async function listRiskSummaries(db: Db, limit = LIST_LIMIT): Promise<RiskSummary[]> {
  return db
    .select({
      id: risks.id,
      title: risks.title,
      likelihood: risks.likelihood,
      impact: risks.impact,
      status: risks.status,
      reviewOn: risks.reviewOn,
      district: districts.name,
      owner: users.name,
      openActions: sql<number>`(select count(*) from plan_actions pa where pa.risk_id = "risks"."id" and pa.status in ('not_started', 'in_progress'))::int`,
    })
    .from(risks)
    .leftJoin(districts, eq(districts.id, risks.districtId))
    .leftJoin(users, eq(users.id, risks.ownerId))
    .orderBy(sql`${risks.likelihood} * ${risks.impact} desc`, desc(risks.updatedAt))
    .limit(limit);
}

export interface DistrictSummary {
  id: string;
  name: string;
  tier: string;
  code: string | null;
  parentName: string | null;
  places: number;
}

/** The county first, then its districts alphabetically, each with its gazetteer size. */
export async function listDistrictSummaries(db: Db): Promise<DistrictSummary[]> {
  const parent = sql`(select p.name from districts p where p.id = "districts"."parent_id")`;
  return db
    .select({
      id: districts.id,
      name: districts.name,
      tier: districts.tier,
      code: districts.code,
      parentName: sql<string | null>`${parent}`,
      places: sql<number>`(select count(*) from places pl where pl.district_id = "districts"."id")::int`,
    })
    .from(districts)
    .orderBy(sql`case when ${districts.tier} = 'county' then 0 else 1 end`, districts.name);
}

export interface PlaceSummary {
  id: string;
  name: string;
  kind: string;
  district: string;
  aliases: string[];
  ambiguous: boolean;
}

export async function listPlaceSummaries(db: Db, limit = 200): Promise<PlaceSummary[]> {
  return db
    .select({
      id: places.id,
      name: places.name,
      kind: places.kind,
      district: districts.name,
      aliases: places.aliases,
      ambiguous: places.ambiguous,
    })
    .from(places)
    .innerJoin(districts, eq(districts.id, places.districtId))
    .orderBy(districts.name, places.name)
    .limit(limit);
}

export interface AuditSummary {
  seq: number;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
}

/** The newest entries of the audit trail, for the Admin page's recent activity. */
export function listRecentAudit(db: Db, limit = 10): Promise<AuditSummary[]> {
  return db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
    })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}
