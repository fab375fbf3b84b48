import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { districts } from '../schema/geography.js';
import { clusters, itemDistricts, items } from '../schema/items.js';
import { classifierModels, lexiconVersions, lexicons, scores } from '../schema/scoring.js';
import { sources } from '../schema/sources.js';
import { labels, signals, type SignalStatus } from '../schema/triage.js';
import { users } from '../schema/users.js';

/** A matched span as the scorer stored it (scores.evidence). Offsets index the item's text field. */
export interface EvidenceSpan {
  start: number;
  end: number;
  termId: string;
  phrase: string;
  category: string;
  weight: number;
  suppressed?: string;
  field: 'text' | 'title';
}

export interface SignalDetail {
  id: string;
  status: SignalStatus;
  priority: number;
  category: string | null;
  uncertain: boolean;
  assigneeId: string | null;
  assigneeName: string | null;
  assignedAt: Date | null;
  firstReviewedAt: Date | null;
  dismissReason: string | null;
  closedAt: Date | null;
  createdAt: Date;
  item: {
    id: string;
    title: string | null;
    text: string;
    url: string | null;
    platform: string;
    language: string | null;
    publishedAt: Date | null;
    collectedAt: Date;
    authorPseudonym: string | null;
    mediaUrls: string[];
  };
  source: { id: string; name: string; kind: string };
  score: {
    score: number;
    band: string;
    lexiconScore: number;
    classifierProbability: number | null;
    thresholds: { signal: number; uncertain: number };
    evidence: EvidenceSpan[];
    features: Record<string, unknown>;
    lexiconName: string;
    lexiconVersion: number;
    modelVersion: number | null;
    createdAt: Date;
  } | null;
  cluster: {
    id: string;
    size: number;
    firstSeenAt: Date;
    lastSeenAt: Date;
    sources: string[];
  };
  districts: Array<{ id: string; name: string; via: string }>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function asSpans(raw: unknown): EvidenceSpan[] {
  if (!Array.isArray(raw)) return [];
  const out: EvidenceSpan[] = [];
  for (const r of raw as Array<Record<string, unknown>>) {
    if (typeof r.start !== 'number' || typeof r.end !== 'number' || r.end <= r.start) continue;
    out.push({
      start: r.start,
      end: r.end,
      termId: str(r.termId) || str(r.termKey),
      phrase: str(r.phrase) || str(r.term),
      category: str(r.category),
      weight: Number(r.weight ?? 0),
      ...(typeof r.suppressed === 'string' ? { suppressed: r.suppressed } : {}),
      field: r.field === 'title' ? 'title' : 'text',
    });
  }
  return out;
}

export async function getSignalDetail(db: Db, id: string): Promise<SignalDetail | undefined> {
  const [row] = await db
    .select({
      signal: signals,
      assigneeName: users.name,
      item: {
        id: items.id,
        title: items.title,
        text: items.text,
        url: items.url,
        platform: items.platform,
        language: items.language,
        publishedAt: items.publishedAt,
        collectedAt: items.collectedAt,
        authorPseudonym: items.authorPseudonym,
        mediaUrls: items.mediaUrls,
      },
      source: { id: sources.id, name: sources.name, kind: sources.kind },
      cluster: {
        id: clusters.id,
        size: clusters.size,
        firstSeenAt: clusters.firstSeenAt,
        lastSeenAt: clusters.lastSeenAt,
      },
    })
    .from(signals)
    .innerJoin(items, eq(items.id, signals.itemId))
    .innerJoin(sources, eq(sources.id, items.sourceId))
    .innerJoin(clusters, eq(clusters.id, signals.clusterId))
    .leftJoin(users, eq(users.id, signals.assigneeId))
    .where(eq(signals.id, id))
    .limit(1);
  if (!row) return undefined;
  const s = row.signal;
  const [scoreRows, districtRows, clusterSources] = await Promise.all([
    s.scoreId
      ? db
          .select({
            score: scores.score,
            band: scores.band,
            lexiconScore: scores.lexiconScore,
            classifierProbability: scores.classifierProbability,
            thresholds: scores.thresholds,
            evidence: scores.evidence,
            features: scores.features,
            lexiconName: lexicons.name,
            lexiconVersion: lexiconVersions.number,
            modelVersion: classifierModels.version,
            createdAt: scores.createdAt,
          })
          .from(scores)
          .innerJoin(lexiconVersions, eq(lexiconVersions.id, scores.lexiconVersionId))
          .innerJoin(lexicons, eq(lexicons.id, lexiconVersions.lexiconId))
          .leftJoin(classifierModels, eq(classifierModels.id, scores.modelId))
          .where(eq(scores.id, s.scoreId))
          .limit(1)
      : Promise.resolve([]),
    db
      .select({ id: districts.id, name: districts.name, via: itemDistricts.via })
      .from(itemDistricts)
      .innerJoin(districts, eq(districts.id, itemDistricts.districtId))
      .where(eq(itemDistricts.itemId, s.itemId))
      .orderBy(asc(districts.name)),
    // Bounded: a cluster of thousands of copies still names at most 20 sources.
    db
      .selectDistinct({ name: sources.name })
      .from(items)
      .innerJoin(sources, eq(sources.id, items.sourceId))
      .where(eq(items.clusterId, s.clusterId))
      .orderBy(asc(sources.name))
      .limit(20),
  ]);
  const sc = scoreRows[0];
  return {
    id: s.id,
    status: s.status,
    priority: s.priority,
    category: s.category,
    uncertain: s.uncertain,
    assigneeId: s.assigneeId,
    assigneeName: row.assigneeName,
    assignedAt: s.assignedAt,
    firstReviewedAt: s.firstReviewedAt,
    dismissReason: s.dismissReason,
    closedAt: s.closedAt,
    createdAt: s.createdAt,
    item: row.item,
    source: row.source,
    score: sc ? { ...sc, evidence: asSpans(sc.evidence) } : null,
    cluster: { ...row.cluster, sources: clusterSources.map((c) => c.name) },
    districts: districtRows,
  };
}

export interface TimelineEntry {
  seq: number;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string;
  change: unknown;
}

/**
 * The signal's history from the audit trail: rows about the signal itself, its representative
 * item and its cluster (audit_log_entity_idx serves each pair), newest first.
 */
export async function signalTimeline(
  db: Db,
  ref: { id: string; itemId: string; clusterId: string },
  limit = 100,
): Promise<TimelineEntry[]> {
  return db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      entityType: auditLog.entityType,
      change: auditLog.change,
    })
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.entityType, 'signal'), eq(auditLog.entityId, ref.id)),
        and(eq(auditLog.entityType, 'item'), eq(auditLog.entityId, ref.itemId)),
        and(eq(auditLog.entityType, 'cluster'), eq(auditLog.entityId, ref.clusterId)),
        // What happened to its escalations afterwards (acknowledged, closed, content removed).
        and(
          eq(auditLog.entityType, 'escalation'),
          sql`${auditLog.entityId} in (select e.id from escalations e where e.signal_id = ${ref.id})`,
        ),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}

export interface SignalLabel {
  userId: string;
  userName: string;
  relevant: boolean;
  correctedCategory: string | null;
  createdAt: Date;
}

export async function signalLabels(db: Db, itemId: string): Promise<SignalLabel[]> {
  return db
    .select({
      userId: labels.userId,
      userName: users.name,
      relevant: labels.relevant,
      correctedCategory: labels.correctedCategory,
      createdAt: labels.createdAt,
    })
    .from(labels)
    .innerJoin(users, eq(users.id, labels.userId))
    .where(eq(labels.itemId, itemId))
    .orderBy(desc(labels.createdAt));
}

export interface SignalEscalation {
  id: string;
  routeName: string;
  routeKind: string;
  reason: string;
  status: string;
  decidedBy: string;
  sentAt: Date;
  outcome: string | null;
  contentStatus: string;
  removedAt: Date | null;
}

export async function signalEscalations(db: Db, signalId: string): Promise<SignalEscalation[]> {
  return db
    .select({
      id: escalations.id,
      routeName: escalationRoutes.name,
      routeKind: escalationRoutes.kind,
      reason: escalations.reason,
      status: escalations.status,
      decidedBy: users.name,
      sentAt: escalations.sentAt,
      outcome: escalations.outcome,
      contentStatus: escalations.contentStatus,
      removedAt: escalations.removedAt,
    })
    .from(escalations)
    .innerJoin(escalationRoutes, eq(escalationRoutes.id, escalations.routeId))
    .innerJoin(users, eq(users.id, escalations.decidedBy))
    .where(eq(escalations.signalId, signalId))
    .orderBy(desc(escalations.sentAt));
}
