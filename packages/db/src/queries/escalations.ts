import { DomainError, isOverdue, responseDueAt } from '@counterpoint/core';
import { and, asc, desc, eq, gt, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';
import { escalationRoutes, escalations, ESCALATION_STATUSES } from '../schema/escalations.js';
import { items } from '../schema/items.js';
import { signals } from '../schema/triage.js';
import { users } from '../schema/users.js';
import { validReason } from './triage.js';

/**
 * Escalations after they are sent: the list supervisors work from, the record of acknowledgement
 * and outcome (each an audited, conditional update, so two supervisors cannot both move one), and
 * the content re-check's reads and writes. Escalating itself is `escalateSignal` (triage.ts).
 */

export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export const ESCALATION_LIST_FILTERS = [...ESCALATION_STATUSES, 'overdue'] as const;
export type EscalationListStatus = (typeof ESCALATION_LIST_FILTERS)[number];
export const ESCALATION_PAGE_SIZE = 50;

export interface EscalationFilter {
  status?: EscalationListStatus | undefined;
  routeId?: string | undefined;
  /** A district the escalated post was placed in. */
  districtId?: string | undefined;
}

export interface EscalationRow {
  id: string;
  signalId: string;
  routeId: string;
  routeName: string;
  routeKind: string;
  expectedResponseHours: number;
  status: EscalationStatus;
  reason: string;
  outcome: string | null;
  decidedByName: string;
  sentAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  dueAt: Date;
  overdue: boolean;
  contentUrl: string | null;
  contentStatus: string;
  lastCheckedAt: Date | null;
  removedAt: Date | null;
  category: string | null;
  districts: string[];
}

const overdueSql = sql`(${escalations.status} = 'sent' and ${escalations.sentAt} + make_interval(hours => ${escalationRoutes.expectedResponseHours}) < now())`;

/** Conditions shared by the list, its counts and the CSV export. */
export function escalationConditions(f: EscalationFilter, withStatus = true): SQL[] {
  const out: SQL[] = [];
  if (withStatus && f.status === 'overdue') out.push(overdueSql);
  else if (withStatus && f.status) out.push(eq(escalations.status, f.status as EscalationStatus));
  if (f.routeId) out.push(eq(escalations.routeId, f.routeId));
  if (f.districtId)
    out.push(
      sql`exists (select 1 from item_districts d where d.item_id = ${signals.itemId} and d.district_id = ${f.districtId})`,
    );
  return out;
}

export const districtNamesSql = sql<
  string[]
>`coalesce((select array_agg(dd.name order by dd.name) from item_districts x join districts dd on dd.id = x.district_id where x.item_id = ${signals.itemId}), '{}')`;

const rowColumns = {
  id: escalations.id,
  signalId: escalations.signalId,
  routeId: escalations.routeId,
  routeName: escalationRoutes.name,
  routeKind: escalationRoutes.kind,
  expectedResponseHours: escalationRoutes.expectedResponseHours,
  status: escalations.status,
  reason: escalations.reason,
  outcome: escalations.outcome,
  decidedByName: users.name,
  sentAt: escalations.sentAt,
  acknowledgedAt: escalations.acknowledgedAt,
  closedAt: escalations.closedAt,
  contentUrl: escalations.contentUrl,
  contentStatus: escalations.contentStatus,
  lastCheckedAt: escalations.lastCheckedAt,
  removedAt: escalations.removedAt,
  category: signals.category,
  districts: districtNamesSql,
};

function withTimes<T extends { status: EscalationStatus; sentAt: Date; expectedResponseHours: number }>(
  r: T,
  now: Date,
): T & { dueAt: Date; overdue: boolean } {
  return { ...r, dueAt: responseDueAt(r.sentAt, r.expectedResponseHours), overdue: isOverdue(r, now) };
}

/** One page, newest first (ids are time-sortable), by keyset on the id. */
export async function listEscalations(
  db: Db,
  filter: EscalationFilter,
  after?: string | null,
  limit = ESCALATION_PAGE_SIZE,
): Promise<{ rows: EscalationRow[]; next: string | null }> {
  const where = [...escalationConditions(filter), ...(after ? [lt(escalations.id, after)] : [])];
  const rows = await db
    .select(rowColumns)
    .from(escalations)
    .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
    .innerJoin(signals, eq(signals.id, escalations.signalId))
    .innerJoin(users, eq(users.id, escalations.decidedBy))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(escalations.id))
    .limit(limit + 1);
  const now = new Date();
  const page = rows.slice(0, limit).map((r) => withTimes(r, now));
  return { rows: page, next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** How many per status, and how many are overdue, under the route and district filters. */
export async function countEscalations(
  db: Db,
  filter: EscalationFilter,
): Promise<Record<EscalationListStatus, number>> {
  const where = escalationConditions(filter, false);
  const [row] = await db
    .select({
      sent: sql<number>`count(*) filter (where ${escalations.status} = 'sent')`.mapWith(Number),
      acknowledged: sql<number>`count(*) filter (where ${escalations.status} = 'acknowledged')`.mapWith(
        Number,
      ),
      closed: sql<number>`count(*) filter (where ${escalations.status} = 'closed')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdueSql})`.mapWith(Number),
    })
    .from(escalations)
    .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
    .innerJoin(signals, eq(signals.id, escalations.signalId))
    .where(where.length ? and(...where) : undefined);
  return row ?? { sent: 0, acknowledged: 0, closed: 0, overdue: 0 };
}

export interface EscalationDetail extends EscalationRow {
  routeContact: string;
  routeDescription: string;
  revealId: string | null;
  package: Record<string, unknown>;
  signalTitle: string | null;
  signalStatus: string;
  history: Array<{ seq: number; at: Date; actorLabel: string; action: string; change: unknown }>;
}

export async function getEscalation(db: Db, id: string): Promise<EscalationDetail | undefined> {
  const [row] = await db
    .select({
      ...rowColumns,
      routeContact: escalationRoutes.contact,
      routeDescription: escalationRoutes.description,
      revealId: escalations.revealId,
      package: escalations.package,
      signalTitle: items.title,
      signalStatus: signals.status,
    })
    .from(escalations)
    .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
    .innerJoin(signals, eq(signals.id, escalations.signalId))
    .innerJoin(items, eq(items.id, signals.itemId))
    .innerJoin(users, eq(users.id, escalations.decidedBy))
    .where(eq(escalations.id, id))
    .limit(1);
  if (!row) return undefined;
  const history = await db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      change: auditLog.change,
    })
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.entityType, 'escalation'), eq(auditLog.entityId, id)),
        and(
          eq(auditLog.entityType, 'signal'),
          eq(auditLog.entityId, row.signalId),
          eq(auditLog.action, 'signal.escalated'),
          sql`${auditLog.change}->>'escalationId' = ${id}`,
        ),
      ),
    )
    .orderBy(asc(auditLog.seq))
    .limit(200);
  return { ...withTimes(row, new Date()), history };
}

export const OUTCOME_MAX = 2000;

async function explainEscalationMiss(tx: Db, id: string): Promise<never> {
  const [row] = await tx
    .select({ status: escalations.status })
    .from(escalations)
    .where(eq(escalations.id, id))
    .limit(1);
  if (!row) throw new DomainError('not_found', 'That escalation does not exist.');
  throw new DomainError('invalid_state', `This escalation is already ${row.status}.`, { status: row.status });
}

/** Records that the route's recipient acknowledged the escalation (only from "sent"). */
export async function acknowledgeEscalation(
  db: Db,
  actor: Actor,
  id: string,
  note?: string | null,
): Promise<void> {
  const n = note?.trim() || null;
  if (n && n.length > OUTCOME_MAX)
    throw new DomainError('invalid_input', `Please keep the note under ${OUTCOME_MAX} characters.`);
  await mutate(db, actor, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(escalations)
      .set({ status: 'acknowledged', acknowledgedAt: now, updatedAt: now })
      .where(and(eq(escalations.id, id), eq(escalations.status, 'sent')))
      .returning({ signalId: escalations.signalId, sentAt: escalations.sentAt });
    if (!row) return explainEscalationMiss(tx, id);
    return {
      result: undefined,
      audit: {
        action: 'escalation.acknowledged',
        entityType: 'escalation',
        entityId: id,
        change: { signalId: row.signalId, note: n, hoursToAcknowledge: hoursBetween(row.sentAt, now) },
      },
    };
  });
}

/** Closes an escalation with its outcome (what the recipient did), from "sent" or "acknowledged". */
export async function closeEscalation(db: Db, actor: Actor, id: string, outcome: string): Promise<void> {
  const what = validReason(outcome, 'closing with an outcome').slice(0, OUTCOME_MAX);
  await mutate(db, actor, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(escalations)
      .set({ status: 'closed', outcome: what, closedAt: now, updatedAt: now })
      .where(and(eq(escalations.id, id), inArray(escalations.status, ['sent', 'acknowledged'])))
      .returning({ signalId: escalations.signalId });
    if (!row) return explainEscalationMiss(tx, id);
    return {
      result: undefined,
      audit: {
        action: 'escalation.closed',
        entityType: 'escalation',
        entityId: id,
        change: { signalId: row.signalId, outcome: what },
      },
    };
  });
}

const hoursBetween = (a: Date, b: Date) => Math.round(((b.getTime() - a.getTime()) / 3_600_000) * 10) / 10;

export interface RecheckCandidate {
  id: string;
  signalId: string;
  contentUrl: string;
  contentStatus: string;
  lastCheckedAt: Date | null;
}

/**
 * Platform reports whose content should be looked at again: not yet seen removed, sent within
 * `maxAgeDays`, not checked within `minIntervalMinutes`; never-checked first, then the stalest.
 */
export async function escalationsDueForRecheck(
  db: Db,
  opts: { batchSize: number; minIntervalMinutes: number; maxAgeDays: number; now: Date },
): Promise<RecheckCandidate[]> {
  const checkedBefore = new Date(opts.now.getTime() - opts.minIntervalMinutes * 60_000);
  const sentAfter = new Date(opts.now.getTime() - opts.maxAgeDays * 86_400_000);
  const rows = await db
    .select({
      id: escalations.id,
      signalId: escalations.signalId,
      contentUrl: escalations.contentUrl,
      contentStatus: escalations.contentStatus,
      lastCheckedAt: escalations.lastCheckedAt,
    })
    .from(escalations)
    .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
    .where(
      and(
        eq(escalationRoutes.kind, 'platform_report'),
        ne(escalations.contentStatus, 'removed'),
        sql`${escalations.contentUrl} is not null`,
        gt(escalations.sentAt, sentAfter),
        or(sql`${escalations.lastCheckedAt} is null`, lte(escalations.lastCheckedAt, checkedBefore)),
      ),
    )
    .orderBy(sql`${escalations.lastCheckedAt} asc nulls first`, asc(escalations.id))
    .limit(opts.batchSize);
  return rows.flatMap((r) => (r.contentUrl === null ? [] : [{ ...r, contentUrl: r.contentUrl }]));
}

/**
 * Records one check. A change of status (first seen online, or gone) is audited as the system;
 * a check that only confirms what was known, or that learnt nothing (`found` null), just moves
 * `last_checked_at`.
 */
export async function recordContentCheck(
  db: Db,
  id: string,
  found: 'online' | 'removed' | null,
  at: Date,
  detail: string,
): Promise<'removed' | 'online' | 'unchanged'> {
  return mutate(db, SYSTEM_ACTOR, async (tx) => {
    const [before] = await tx
      .select({
        contentStatus: escalations.contentStatus,
        lastCheckedAt: escalations.lastCheckedAt,
        signalId: escalations.signalId,
      })
      .from(escalations)
      .where(eq(escalations.id, id))
      .for('update');
    if (!before) return { result: 'unchanged' as const, audit: [] };
    const changes = found !== null && found !== before.contentStatus && before.contentStatus !== 'removed';
    await tx
      .update(escalations)
      .set({
        lastCheckedAt: at,
        ...(changes ? { contentStatus: found, ...(found === 'removed' ? { removedAt: at } : {}) } : {}),
      })
      .where(eq(escalations.id, id));
    if (!changes) return { result: 'unchanged' as const, audit: [] };
    return {
      result: found,
      audit: {
        action: found === 'removed' ? 'escalation.content_removed' : 'escalation.content_online',
        entityType: 'escalation',
        entityId: id,
        change: {
          signalId: before.signalId,
          detail,
          at: at.toISOString(),
          // Gone some time between the last check that found it and this one.
          ...(found === 'removed' && before.contentStatus === 'online' && before.lastCheckedAt
            ? { lastSeenOnlineAt: before.lastCheckedAt.toISOString() }
            : {}),
        },
      },
    };
  });
}
