import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../open.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { clusters, items } from '../schema/items.js';
import { scores } from '../schema/scoring.js';
import { sources } from '../schema/sources.js';
import { signals, type SignalStatus } from '../schema/triage.js';
import { districtNamesSql, escalationConditions, type EscalationFilter } from './escalations.js';
import { decodeCursor, encodeCursor, filterConditions, type QueueFilter, type QueueSort } from './signals.js';

/**
 * Rows for the CSV exports, read in keyset pages so an export of any size streams at a steady cost
 * (docs/escalations.md). Counts and content links only: no post text, no author, no pseudonym,
 * and no free-text reasons (which may name people).
 */

export const EXPORT_PAGE_SIZE = 500;

export interface SignalExportRow {
  id: string;
  status: SignalStatus;
  category: string | null;
  uncertain: boolean;
  score: number | null;
  priority: number;
  createdAt: Date;
  firstReviewedAt: Date | null;
  platform: string;
  language: string | null;
  sourceName: string;
  districts: string[];
  copies: number;
  escalations: number;
  contentUrl: string | null;
}

/** One page of the queue's filtered signals, in the queue's own order and keyset. */
export async function exportSignalsPage(
  db: Db,
  filter: QueueFilter,
  cursor: string | null,
  limit = EXPORT_PAGE_SIZE,
): Promise<{ rows: SignalExportRow[]; next: string | null }> {
  const sort: QueueSort = filter.q?.trim() ? 'newest' : (filter.sort ?? 'priority');
  const where: SQL[] = [eq(signals.status, filter.status), ...filterConditions(filter)];
  if (cursor) {
    const after = decodeCursor(sort, cursor);
    where.push(
      sort === 'priority'
        ? sql`(${signals.priority}, ${signals.id}) < (${after.priority}::real, ${after.id})`
        : lt(signals.id, after.id),
    );
  }
  const rows = await db
    .select({
      id: signals.id,
      status: signals.status,
      category: signals.category,
      uncertain: signals.uncertain,
      score: scores.score,
      priority: signals.priority,
      createdAt: signals.createdAt,
      firstReviewedAt: signals.firstReviewedAt,
      platform: items.platform,
      language: items.language,
      sourceName: sources.name,
      districts: districtNamesSql,
      copies: sql<number>`coalesce(${clusters.size}, 1)`.mapWith(Number),
      escalations:
        sql<number>`(select count(*) from escalations e where e.signal_id = ${signals.id})`.mapWith(Number),
      contentUrl: items.url,
    })
    .from(signals)
    .innerJoin(items, eq(items.id, signals.itemId))
    .innerJoin(sources, eq(sources.id, items.sourceId))
    .leftJoin(scores, eq(scores.id, signals.scoreId))
    .leftJoin(clusters, eq(clusters.id, signals.clusterId))
    .where(and(...where))
    .orderBy(
      ...(sort === 'priority'
        ? [sql`${signals.priority} desc nulls last`, sql`${signals.id} desc nulls last`]
        : [desc(signals.id)]),
    )
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? encodeCursor(sort, last) : null };
}

export interface EscalationExportRow {
  id: string;
  signalId: string;
  routeName: string;
  routeKind: string;
  status: string;
  category: string | null;
  districts: string[];
  expectedResponseHours: number;
  sentAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  contentStatus: string;
  lastCheckedAt: Date | null;
  removedAt: Date | null;
  contentUrl: string | null;
  copies: number;
}

/** One page of escalations under the list's filters, newest first, keyset on the id. */
export async function exportEscalationsPage(
  db: Db,
  filter: EscalationFilter,
  after: string | null,
  limit = EXPORT_PAGE_SIZE,
): Promise<{ rows: EscalationExportRow[]; next: string | null }> {
  const where = [...escalationConditions(filter), ...(after ? [lt(escalations.id, after)] : [])];
  const rows = await db
    .select({
      id: escalations.id,
      signalId: escalations.signalId,
      routeName: escalationRoutes.name,
      routeKind: escalationRoutes.kind,
      status: escalations.status,
      category: signals.category,
      districts: districtNamesSql,
      expectedResponseHours: escalationRoutes.expectedResponseHours,
      sentAt: escalations.sentAt,
      acknowledgedAt: escalations.acknowledgedAt,
      closedAt: escalations.closedAt,
      contentStatus: escalations.contentStatus,
      lastCheckedAt: escalations.lastCheckedAt,
      removedAt: escalations.removedAt,
      contentUrl: escalations.contentUrl,
      copies: sql<number>`coalesce(${clusters.size}, 1)`.mapWith(Number),
    })
    .from(escalations)
    .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
    .innerJoin(signals, eq(signals.id, escalations.signalId))
    .leftJoin(clusters, eq(clusters.id, signals.clusterId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(escalations.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}
