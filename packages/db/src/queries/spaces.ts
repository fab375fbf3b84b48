import {
  assertSpaceActionFits,
  DomainError,
  newId,
  type SpaceActionInput,
  type SpaceInput,
  type SpaceKind,
  type SpaceRating,
  type SpaceStatus,
} from '@counterpoint/core';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { mutate } from '../audit.js';
import type { Db } from '../open.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { districts } from '../schema/geography.js';
import { items } from '../schema/items.js';
import { spaceActions, spaceNarratives, spaces } from '../schema/governance.js';
import { narratives } from '../schema/narratives.js';
import { sources } from '../schema/sources.js';
import { signals } from '../schema/triage.js';
import { users } from '../schema/users.js';
import { foreignKeyRefusal, type RiskActor } from './risks.js';

/**
 * The spaces register: online channels, groups and forums and offline venues where harmful narratives
 * circulate. Audited as 'space.created', 'space.updated', 'space.narrative_linked',
 * 'space.narrative_unlinked', 'space.escalation_linked' (entity 'space') and 'space_action.logged'
 * (entity 'space_action').
 */

export interface SpaceListFilter {
  kind?: SpaceKind | null;
  district?: string | null;
  rating?: SpaceRating | null;
  /** One status, or null for everything but closed spaces. */
  status?: SpaceStatus | 'all' | null;
}

export async function listSpaces(db: Db, filter: SpaceListFilter = {}) {
  const where = [];
  if (filter.kind) where.push(eq(spaces.kind, filter.kind));
  if (filter.district === 'county') where.push(isNull(spaces.districtId));
  else if (filter.district) where.push(eq(spaces.districtId, filter.district));
  if (filter.rating) where.push(eq(spaces.riskRating, filter.rating));
  if (!filter.status) where.push(sql`${spaces.status} <> 'closed'`);
  else if (filter.status !== 'all') where.push(eq(spaces.status, filter.status));
  return db
    .select({
      id: spaces.id,
      kind: spaces.kind,
      name: spaces.name,
      platform: spaces.platform,
      address: spaces.address,
      district: districts.name,
      riskRating: spaces.riskRating,
      status: spaces.status,
      source: sources.name,
      updatedAt: spaces.updatedAt,
      narratives: sql<
        string[]
      >`coalesce((select array_agg(n.title order by n.title) from space_narratives sn join narratives n on n.id = sn.narrative_id where sn.space_id = ${spaces.id}), '{}')`,
      lastActionAt:
        sql<Date | null>`(select max(a.at) from space_actions a where a.space_id = ${spaces.id})`.mapWith(
          (v: string | Date | null) => (v ? new Date(v) : null),
        ),
      lastActionKind: sql<
        string | null
      >`(select a.kind from space_actions a where a.space_id = ${spaces.id} order by a.at desc limit 1)`,
      escalations: sql<number>`(select count(*) from escalations e where e.space_id = ${spaces.id})`.mapWith(
        Number,
      ),
    })
    .from(spaces)
    .leftJoin(districts, eq(districts.id, spaces.districtId))
    .leftJoin(sources, eq(sources.id, spaces.sourceId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      sql`case ${spaces.riskRating} when 'high' then 0 when 'medium' then 1 else 2 end`,
      sql`case ${spaces.status} when 'active' then 0 when 'monitoring' then 1 else 2 end`,
      asc(spaces.name),
    )
    .limit(500);
}

export type SpaceListRow = Awaited<ReturnType<typeof listSpaces>>[number];

export async function getSpace(db: Db, id: string) {
  const [row] = await db
    .select({
      space: spaces,
      district: districts.name,
      source: {
        id: sources.id,
        name: sources.name,
        kind: sources.kind,
        lastSuccessAt: sources.lastSuccessAt,
      },
    })
    .from(spaces)
    .leftJoin(districts, eq(districts.id, spaces.districtId))
    .leftJoin(sources, eq(sources.id, spaces.sourceId))
    .where(eq(spaces.id, id))
    .limit(1);
  if (!row) return null;
  const escalationColumns = {
    id: escalations.id,
    signalId: escalations.signalId,
    route: escalationRoutes.name,
    status: escalations.status,
    contentStatus: escalations.contentStatus,
    sentAt: escalations.sentAt,
  };
  const [narrativeRows, actionRows, escalationRows, candidates] = await Promise.all([
    db
      .select({ id: narratives.id, title: narratives.title, status: narratives.status })
      .from(spaceNarratives)
      .innerJoin(narratives, eq(narratives.id, spaceNarratives.narrativeId))
      .where(eq(spaceNarratives.spaceId, id))
      .orderBy(asc(narratives.title)),
    db
      .select({
        id: spaceActions.id,
        kind: spaceActions.kind,
        note: spaceActions.note,
        at: spaceActions.at,
        by: users.name,
      })
      .from(spaceActions)
      .leftJoin(users, eq(users.id, spaceActions.byId))
      .where(eq(spaceActions.spaceId, id))
      .orderBy(desc(spaceActions.at))
      .limit(200),
    db
      .select(escalationColumns)
      .from(escalations)
      .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
      .where(eq(escalations.spaceId, id))
      .orderBy(desc(escalations.sentAt))
      .limit(100),
    // Escalations of posts collected through this space's source that no space claims yet.
    row.space.sourceId
      ? db
          .select(escalationColumns)
          .from(escalations)
          .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
          .innerJoin(signals, eq(signals.id, escalations.signalId))
          .innerJoin(items, eq(items.id, signals.itemId))
          .where(and(eq(items.sourceId, row.space.sourceId), isNull(escalations.spaceId)))
          .orderBy(desc(escalations.sentAt))
          .limit(50)
      : Promise.resolve([]),
  ]);
  return {
    ...row.space,
    district: row.district,
    source: row.source?.id ? row.source : null,
    narratives: narrativeRows,
    actions: actionRows,
    escalations: escalationRows,
    unlinkedEscalations: candidates,
  };
}

export type SpaceDetail = NonNullable<Awaited<ReturnType<typeof getSpace>>>;

const GONE = 'The chosen district or source no longer exists.';

export async function createSpace(db: Db, actor: RiskActor, input: SpaceInput): Promise<string> {
  const id = newId('space');
  try {
    return await mutate(db, actor, async (tx) => {
      await tx.insert(spaces).values({ id, ...input });
      return {
        result: id,
        audit: { action: 'space.created', entityType: 'space', entityId: id, change: input },
      };
    });
  } catch (e) {
    return foreignKeyRefusal(e, GONE);
  }
}

/** Saves a space's fields; the kind never changes (a venue does not become a forum). */
export async function updateSpace(db: Db, actor: RiskActor, id: string, input: SpaceInput): Promise<void> {
  try {
    await mutate(db, actor, async (tx) => {
      const [before] = await tx.select().from(spaces).where(eq(spaces.id, id)).for('update').limit(1);
      if (!before) throw new DomainError('not_found', 'That space no longer exists.');
      if (before.kind !== input.kind)
        throw new DomainError('invalid_input', 'A space stays online or offline; add a new space instead.');
      const from: Record<string, unknown> = {};
      const to: Record<string, unknown> = {};
      for (const key of Object.keys(input) as Array<keyof SpaceInput>) {
        if (before[key] !== input[key]) {
          from[key] = before[key];
          to[key] = input[key];
        }
      }
      await tx
        .update(spaces)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(spaces.id, id));
      return {
        result: undefined,
        audit: { action: 'space.updated', entityType: 'space', entityId: id, change: { from, to } },
      };
    });
  } catch (e) {
    foreignKeyRefusal(e, GONE);
  }
}

async function lockSpace(tx: Db, id: string) {
  const [row] = await tx
    .select({ kind: spaces.kind })
    .from(spaces)
    .where(eq(spaces.id, id))
    .for('update')
    .limit(1);
  if (!row) throw new DomainError('not_found', 'That space no longer exists.');
  return row;
}

export async function logSpaceAction(
  db: Db,
  actor: RiskActor,
  spaceId: string,
  input: SpaceActionInput,
): Promise<string> {
  return mutate(db, actor, async (tx) => {
    const space = await lockSpace(tx, spaceId);
    assertSpaceActionFits(input.kind, space.kind);
    const id = newId('spaceAction');
    await tx.insert(spaceActions).values({ id, spaceId, kind: input.kind, note: input.note, byId: actor.id });
    await tx.update(spaces).set({ updatedAt: new Date() }).where(eq(spaces.id, spaceId));
    return {
      result: id,
      audit: {
        action: 'space_action.logged',
        entityType: 'space_action',
        entityId: id,
        change: { spaceId, ...input },
      },
    };
  });
}

/** Records that a narrative is seen in this space; seeing it twice changes nothing. */
export async function setSpaceNarrative(
  db: Db,
  actor: RiskActor,
  spaceId: string,
  narrativeId: string,
  seen: boolean,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    await lockSpace(tx, spaceId);
    const [narrative] = await tx
      .select({ title: narratives.title })
      .from(narratives)
      .where(eq(narratives.id, narrativeId))
      .limit(1);
    if (!narrative) throw new DomainError('invalid_input', 'Choose a narrative that exists.');
    const pair = and(eq(spaceNarratives.spaceId, spaceId), eq(spaceNarratives.narrativeId, narrativeId));
    const changed = seen
      ? await tx.insert(spaceNarratives).values({ spaceId, narrativeId }).onConflictDoNothing().returning()
      : await tx.delete(spaceNarratives).where(pair).returning();
    if (changed.length === 0)
      throw new DomainError(
        'conflict',
        seen ? 'That narrative is already listed.' : 'That narrative was already removed.',
      );
    await tx.update(spaces).set({ updatedAt: new Date() }).where(eq(spaces.id, spaceId));
    return {
      result: undefined,
      audit: {
        action: seen ? 'space.narrative_linked' : 'space.narrative_unlinked',
        entityType: 'space',
        entityId: spaceId,
        change: { narrativeId, title: narrative.title },
      },
    };
  });
}

/** Ties an escalation to the online space its content was in (the board counts removals per space). */
export async function linkEscalationToSpace(
  db: Db,
  actor: RiskActor,
  spaceId: string,
  escalationId: string,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const space = await lockSpace(tx, spaceId);
    if (space.kind !== 'online')
      throw new DomainError('invalid_input', 'Escalations are linked to online spaces.');
    const updated = await tx
      .update(escalations)
      .set({ spaceId, updatedAt: new Date() })
      .where(and(eq(escalations.id, escalationId), isNull(escalations.spaceId)))
      .returning({ id: escalations.id });
    if (updated.length === 0)
      throw new DomainError('conflict', 'That escalation does not exist or already belongs to a space.');
    return {
      result: undefined,
      audit: {
        action: 'space.escalation_linked',
        entityType: 'space',
        entityId: spaceId,
        change: { escalationId },
      },
    };
  });
}

/** The choices the space form offers. */
export async function spaceFormOptions(db: Db) {
  const [districtRows, sourceRows, narrativeRows] = await Promise.all([
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .where(eq(districts.tier, 'district'))
      .orderBy(asc(districts.name)),
    db
      .select({ id: sources.id, name: sources.name, kind: sources.kind })
      .from(sources)
      .orderBy(asc(sources.name))
      .limit(500),
    db
      .select({ id: narratives.id, title: narratives.title })
      .from(narratives)
      .orderBy(sql`${narratives.status} = 'dormant'`, asc(narratives.title))
      .limit(500),
  ]);
  return { districts: districtRows, sources: sourceRows, narratives: narrativeRows };
}

/** Spaces where a narrative is seen (for the narrative's page). */
export async function spacesForNarrative(db: Db, narrativeId: string) {
  return db
    .select({
      id: spaces.id,
      name: spaces.name,
      kind: spaces.kind,
      riskRating: spaces.riskRating,
      status: spaces.status,
    })
    .from(spaceNarratives)
    .innerJoin(spaces, eq(spaces.id, spaceNarratives.spaceId))
    .where(eq(spaceNarratives.narrativeId, narrativeId))
    .orderBy(
      sql`case ${spaces.riskRating} when 'high' then 0 when 'medium' then 1 else 2 end`,
      asc(spaces.name),
    );
}
