import {
  ALWAYS_IN_PACKAGE,
  DomainError,
  isPackagePart,
  isRouteKind,
  newId,
  PACKAGE_PART_LABELS,
  ROUTE_KIND_LABELS,
  ROUTE_MATCH_LABELS,
  parseRouteInput,
  rankRoutes,
  type RankedRoute,
  type RouteInput,
  type RouteMatch,
} from '@counterpoint/core';
import { asc, eq, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { districts } from '../schema/geography.js';
import { CATEGORIES } from '../schema/scoring.js';

/**
 * The partnership's agreed referral routes, kept in Admin. Routes are never deleted (escalations
 * point at them and the record must say where each one went); a route that no longer applies is
 * deactivated, which takes it out of the escalate dialog and out of route choice.
 */

export interface RouteRow {
  id: string;
  name: string;
  kind: string;
  category: string | null;
  districtId: string | null;
  districtName: string | null;
  contact: string;
  expectedResponseHours: number;
  packageContents: string[];
  description: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const routeColumns = {
  id: escalationRoutes.id,
  name: escalationRoutes.name,
  kind: escalationRoutes.kind,
  category: escalationRoutes.category,
  districtId: escalationRoutes.districtId,
  districtName: districts.name,
  contact: escalationRoutes.contact,
  expectedResponseHours: escalationRoutes.expectedResponseHours,
  packageContents: escalationRoutes.packageContents,
  description: escalationRoutes.description,
  active: escalationRoutes.active,
  createdAt: escalationRoutes.createdAt,
  updatedAt: escalationRoutes.updatedAt,
};

export interface RouteListRow extends RouteRow {
  escalations: number;
  open: number;
}

/** Every route, active first, with how often it has been used and how many are still open. */
export async function listEscalationRoutes(db: Db): Promise<RouteListRow[]> {
  const rows = await db
    .select({
      ...routeColumns,
      escalations:
        sql<number>`(select count(*) from ${escalations} e where e.route_id = ${escalationRoutes.id})`.mapWith(
          Number,
        ),
      open: sql<number>`(select count(*) from ${escalations} e where e.route_id = ${escalationRoutes.id} and e.status <> 'closed')`.mapWith(
        Number,
      ),
    })
    .from(escalationRoutes)
    .leftJoin(districts, eq(districts.id, escalationRoutes.districtId))
    .orderBy(sql`${escalationRoutes.active} desc`, asc(escalationRoutes.kind), asc(escalationRoutes.name))
    .limit(500);
  return rows;
}

export async function getEscalationRoute(db: Db, id: string): Promise<RouteRow | undefined> {
  const [row] = await db
    .select(routeColumns)
    .from(escalationRoutes)
    .leftJoin(districts, eq(districts.id, escalationRoutes.districtId))
    .where(eq(escalationRoutes.id, id))
    .limit(1);
  return row;
}

/** Validates a submitted route (field errors come back in DomainError.details.fields). */
export function checkRouteInput(raw: Record<string, unknown>): RouteInput {
  const parsed = parseRouteInput(raw, CATEGORIES);
  if (!parsed.ok)
    throw new DomainError('invalid_input', 'The route was not saved. Check the fields below.', {
      fields: parsed.errors,
    });
  return parsed.value;
}

async function checkDistrict(tx: Db, districtId: string | null): Promise<void> {
  if (!districtId) return;
  const [d] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.id, districtId));
  if (!d)
    throw new DomainError('invalid_input', 'The route was not saved. Check the fields below.', {
      fields: { districtId: 'Choose one of the districts, or "Any district".' },
    });
}

export async function createEscalationRoute(
  db: Db,
  actor: Actor,
  raw: Record<string, unknown>,
): Promise<string> {
  const input = checkRouteInput(raw);
  return mutate(db, actor, async (tx) => {
    await checkDistrict(tx, input.districtId);
    const id = newId('route');
    await tx.insert(escalationRoutes).values({ id, ...input });
    return {
      result: id,
      audit: {
        action: 'escalation_route.created',
        entityType: 'escalation_route',
        entityId: id,
        change: input,
      },
    };
  });
}

/** Saves an edit; the audit row keeps what each changed field was before and after. */
export async function updateEscalationRoute(
  db: Db,
  actor: Actor,
  id: string,
  raw: Record<string, unknown>,
): Promise<void> {
  const input = checkRouteInput(raw);
  await mutate(db, actor, async (tx) => {
    const [before] = await tx
      .select()
      .from(escalationRoutes)
      .where(eq(escalationRoutes.id, id))
      .for('update');
    if (!before) throw new DomainError('not_found', 'There is no such route.');
    await checkDistrict(tx, input.districtId);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(input)) {
      const was = before[k as keyof typeof before];
      if (JSON.stringify(was) !== JSON.stringify(v)) changed[k] = { from: was, to: v };
    }
    await tx
      .update(escalationRoutes)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(escalationRoutes.id, id));
    return {
      result: undefined,
      audit: {
        action: 'escalation_route.updated',
        entityType: 'escalation_route',
        entityId: id,
        change: changed,
      },
    };
  });
}

/** Deactivates or reactivates a route. Escalations already sent along it are unaffected. */
export async function setEscalationRouteActive(
  db: Db,
  actor: Actor,
  id: string,
  active: boolean,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [row] = await tx
      .update(escalationRoutes)
      .set({ active, updatedAt: new Date() })
      .where(eq(escalationRoutes.id, id))
      .returning({ name: escalationRoutes.name });
    if (!row) throw new DomainError('not_found', 'There is no such route.');
    return {
      result: undefined,
      audit: {
        action: active ? 'escalation_route.activated' : 'escalation_route.deactivated',
        entityType: 'escalation_route',
        entityId: id,
        change: { name: row.name, active },
      },
    };
  });
}

export interface RouteOption {
  id: string;
  name: string;
  kind: string;
  category: string | null;
  districtId: string | null;
  districtName: string | null;
  contact: string;
  expectedResponseHours: number;
  packageContents: string[];
  description: string;
  match: RouteMatch | null;
  suggested: boolean;
  /** Plain words for the dialog: the kind, how it matched, what the package holds besides the reason and who decided. */
  kindLabel: string;
  matchLabel: string | null;
  packageLabels: string[];
}

/**
 * The escalate dialog's routes for a signal: every active route, ranked by `rankRoutes` (the most
 * specific route of each kind suggested first). With no category and no districts (a bulk
 * selection) only routes for any signal are suggested.
 */
export async function routeOptionsFor(
  db: Db,
  signal: { category: string | null; districtIds: readonly string[] },
): Promise<RouteOption[]> {
  const rows = await db
    .select(routeColumns)
    .from(escalationRoutes)
    .leftJoin(districts, eq(districts.id, escalationRoutes.districtId))
    .where(eq(escalationRoutes.active, true))
    .limit(500);
  return rankRoutes(rows, signal).map((r: RankedRoute<(typeof rows)[number]>) => ({
    id: r.route.id,
    name: r.route.name,
    kind: r.route.kind,
    category: r.route.category,
    districtId: r.route.districtId,
    districtName: r.route.districtName,
    contact: r.route.contact,
    expectedResponseHours: r.route.expectedResponseHours,
    packageContents: r.route.packageContents,
    description: r.route.description,
    match: r.match,
    suggested: r.suggested,
    kindLabel: isRouteKind(r.route.kind) ? ROUTE_KIND_LABELS[r.route.kind] : r.route.kind,
    matchLabel: r.match ? ROUTE_MATCH_LABELS[r.match] : null,
    // Route, reason and who decided always go; the dialog says so once instead of on every route.
    packageLabels: r.route.packageContents
      .filter((p) => !(ALWAYS_IN_PACKAGE as readonly string[]).includes(p))
      .map((p) => (isPackagePart(p) ? PACKAGE_PART_LABELS[p] : p)),
  }));
}
