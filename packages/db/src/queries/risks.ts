import {
  assertRiskStatusChange,
  DomainError,
  newId,
  riskBand,
  type PlanActionStatus,
  type RiskInput,
  type RiskLinkType,
  type RiskStatus,
} from '@counterpoint/core';
import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { campaigns } from '../schema/campaigns.js';
import { districts } from '../schema/geography.js';
import { planActions, riskLinks, risks, spaces } from '../schema/governance.js';
import { narratives } from '../schema/narratives.js';
import { users } from '../schema/users.js';

/**
 * The locality risk register: risks per district or county-wide, each mitigated by plan actions and
 * linked to the narratives, spaces and campaigns it concerns. Every change is audited ('risk.created',
 * 'risk.updated', 'risk.status_changed', 'risk.linked', 'risk.unlinked'); the board report counts them.
 */

export type RiskActor = Actor & { id: string };

export interface RiskListFilter {
  /** A district id, 'county' for county-wide risks only, or null for every risk. */
  district?: string | null;
  /** One status, 'live' (all but closed, the default) or 'all'. */
  status?: RiskStatus | 'live' | 'all' | null;
}

export interface RiskListRow {
  id: string;
  title: string;
  description: string;
  districtId: string | null;
  district: string | null;
  likelihood: number;
  impact: number;
  status: RiskStatus;
  reviewOn: string | null;
  owner: string | null;
  updatedAt: Date;
  actions: number;
  openActions: number;
  overdueActions: number;
  links: number;
}

/** The register, bounded at 500 rows; `today` is the London day that decides what is overdue. */
export async function listRisks(db: Db, filter: RiskListFilter, today: string): Promise<RiskListRow[]> {
  const where = [];
  if (filter.district === 'county') where.push(isNull(risks.districtId));
  else if (filter.district) where.push(eq(risks.districtId, filter.district));
  const status = filter.status ?? 'live';
  if (status === 'live') where.push(ne(risks.status, 'closed'));
  else if (status !== 'all') where.push(eq(risks.status, status));
  const open = sql`a.status in ('not_started', 'in_progress')`;
  return db
    .select({
      id: risks.id,
      title: risks.title,
      description: risks.description,
      districtId: risks.districtId,
      district: districts.name,
      likelihood: risks.likelihood,
      impact: risks.impact,
      status: risks.status,
      reviewOn: risks.reviewOn,
      owner: users.name,
      updatedAt: risks.updatedAt,
      actions: sql<number>`(select count(*) from plan_actions a where a.risk_id = ${risks.id})`.mapWith(
        Number,
      ),
      openActions:
        sql<number>`(select count(*) from plan_actions a where a.risk_id = ${risks.id} and ${open})`.mapWith(
          Number,
        ),
      overdueActions:
        sql<number>`(select count(*) from plan_actions a where a.risk_id = ${risks.id} and ${open} and a.due_on < ${today}::date)`.mapWith(
          Number,
        ),
      links: sql<number>`(select count(*) from risk_links l where l.risk_id = ${risks.id})`.mapWith(Number),
    })
    .from(risks)
    .leftJoin(districts, eq(districts.id, risks.districtId))
    .leftJoin(users, eq(users.id, risks.ownerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(sql`${risks.likelihood} * ${risks.impact}`), asc(risks.reviewOn))
    .limit(500);
}

export interface PlanActionRow {
  id: string;
  title: string;
  ownerId: string | null;
  owner: string | null;
  dueOn: string | null;
  status: PlanActionStatus;
  updatedAt: Date;
}

export interface RiskDetail {
  id: string;
  title: string;
  description: string;
  districtId: string | null;
  district: string | null;
  likelihood: number;
  impact: number;
  ownerId: string | null;
  owner: string | null;
  status: RiskStatus;
  reviewOn: string | null;
  createdAt: Date;
  updatedAt: Date;
  actions: PlanActionRow[];
  narratives: Array<{ id: string; title: string }>;
  spaces: Array<{ id: string; name: string; kind: string }>;
  campaigns: Array<{ id: string; title: string; status: string }>;
}

export async function getRisk(db: Db, id: string): Promise<RiskDetail | null> {
  const [row] = await db
    .select({
      id: risks.id,
      title: risks.title,
      description: risks.description,
      districtId: risks.districtId,
      district: districts.name,
      likelihood: risks.likelihood,
      impact: risks.impact,
      ownerId: risks.ownerId,
      owner: users.name,
      status: risks.status,
      reviewOn: risks.reviewOn,
      createdAt: risks.createdAt,
      updatedAt: risks.updatedAt,
    })
    .from(risks)
    .leftJoin(districts, eq(districts.id, risks.districtId))
    .leftJoin(users, eq(users.id, risks.ownerId))
    .where(eq(risks.id, id))
    .limit(1);
  if (!row) return null;
  const linkOf = (type: RiskLinkType) =>
    sql`${riskLinks.riskId} = ${id} and ${riskLinks.entityType} = ${type}`;
  const [actions, narrativeRows, spaceRows, campaignRows] = await Promise.all([
    db
      .select({
        id: planActions.id,
        title: planActions.title,
        ownerId: planActions.ownerId,
        owner: users.name,
        dueOn: planActions.dueOn,
        status: planActions.status,
        updatedAt: planActions.updatedAt,
      })
      .from(planActions)
      .leftJoin(users, eq(users.id, planActions.ownerId))
      .where(eq(planActions.riskId, id))
      .orderBy(
        sql`case when ${planActions.status} in ('not_started', 'in_progress') then 0 else 1 end`,
        asc(planActions.dueOn),
        asc(planActions.createdAt),
      ),
    db
      .select({ id: narratives.id, title: narratives.title })
      .from(riskLinks)
      .innerJoin(narratives, and(linkOf('narrative'), eq(narratives.id, riskLinks.entityId)))
      .orderBy(asc(narratives.title)),
    db
      .select({ id: spaces.id, name: spaces.name, kind: spaces.kind })
      .from(riskLinks)
      .innerJoin(spaces, and(linkOf('space'), eq(spaces.id, riskLinks.entityId)))
      .orderBy(asc(spaces.name)),
    db
      .select({ id: campaigns.id, title: campaigns.title, status: campaigns.status })
      .from(riskLinks)
      .innerJoin(campaigns, and(linkOf('campaign'), eq(campaigns.id, riskLinks.entityId)))
      .orderBy(asc(campaigns.title)),
  ]);
  return { ...row, actions, narratives: narrativeRows, spaces: spaceRows, campaigns: campaignRows };
}

/** A district or owner that vanished while the form was open becomes a plain message. */
export function foreignKeyRefusal(e: unknown, message: string): never {
  const code =
    (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
  if (code === '23503') throw new DomainError('invalid_input', message);
  throw e;
}

const GONE = 'The chosen district or owner no longer exists.';

function columnsOf(input: RiskInput) {
  return {
    title: input.title,
    description: input.description,
    districtId: input.districtId,
    likelihood: input.likelihood,
    impact: input.impact,
    ownerId: input.ownerId,
    reviewOn: input.reviewOn,
  };
}

export async function createRisk(db: Db, actor: RiskActor, input: RiskInput): Promise<string> {
  const id = newId('risk');
  try {
    return await mutate(db, actor, async (tx) => {
      await tx.insert(risks).values({ id, ...columnsOf(input), status: 'open' });
      return {
        result: id,
        audit: {
          action: 'risk.created',
          entityType: 'risk',
          entityId: id,
          change: { ...input, rating: riskBand(input.likelihood, input.impact) },
        },
      };
    });
  } catch (e) {
    return foreignKeyRefusal(e, GONE);
  }
}

/** Saves the risk's fields; the audit row holds only what changed, before and after. */
export async function updateRisk(db: Db, actor: RiskActor, id: string, input: RiskInput): Promise<void> {
  try {
    await mutate(db, actor, async (tx) => {
      const [before] = await tx.select().from(risks).where(eq(risks.id, id)).for('update').limit(1);
      if (!before) throw new DomainError('not_found', 'That risk no longer exists.');
      const next = columnsOf(input);
      const from: Record<string, unknown> = {};
      const to: Record<string, unknown> = {};
      for (const key of Object.keys(next) as Array<keyof typeof next>) {
        if (before[key] !== next[key]) {
          from[key] = before[key];
          to[key] = next[key];
        }
      }
      await tx
        .update(risks)
        .set({ ...next, updatedAt: new Date() })
        .where(eq(risks.id, id));
      const rating = {
        from: riskBand(before.likelihood, before.impact),
        to: riskBand(input.likelihood, input.impact),
      };
      return {
        result: undefined,
        audit: { action: 'risk.updated', entityType: 'risk', entityId: id, change: { from, to, rating } },
      };
    });
  } catch (e) {
    foreignKeyRefusal(e, GONE);
  }
}

export async function changeRiskStatus(
  db: Db,
  actor: RiskActor,
  id: string,
  to: RiskStatus,
  reason: string | null = null,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [row] = await tx
      .select({ status: risks.status })
      .from(risks)
      .where(eq(risks.id, id))
      .for('update')
      .limit(1);
    if (!row) throw new DomainError('not_found', 'That risk no longer exists.');
    const actions = await tx
      .select({ status: planActions.status })
      .from(planActions)
      .where(eq(planActions.riskId, id));
    assertRiskStatusChange(to, { status: row.status, actions });
    await tx.update(risks).set({ status: to, updatedAt: new Date() }).where(eq(risks.id, id));
    return {
      result: undefined,
      audit: {
        action: 'risk.status_changed',
        entityType: 'risk',
        entityId: id,
        change: { from: row.status, to, reason },
      },
    };
  });
}

/** The choices the risk form and the link pickers offer. Board viewers never own risks. */
export async function riskFormOptions(db: Db) {
  const [districtRows, ownerRows, narrativeRows, spaceRows, campaignRows] = await Promise.all([
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .where(eq(districts.tier, 'district'))
      .orderBy(asc(districts.name)),
    db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(and(eq(users.disabled, false), ne(users.role, 'board_viewer')))
      .orderBy(asc(users.name)),
    db
      .select({ id: narratives.id, label: narratives.title })
      .from(narratives)
      .orderBy(sql`${narratives.status} = 'dormant'`, asc(narratives.title))
      .limit(500),
    db
      .select({ id: spaces.id, label: spaces.name })
      .from(spaces)
      .orderBy(sql`${spaces.status} = 'closed'`, asc(spaces.name))
      .limit(500),
    db
      .select({ id: campaigns.id, label: campaigns.title })
      .from(campaigns)
      .orderBy(desc(campaigns.updatedAt))
      .limit(500),
  ]);
  return {
    districts: districtRows,
    owners: ownerRows,
    links: { narrative: narrativeRows, space: spaceRows, campaign: campaignRows },
  };
}
