import { DomainError, type RiskLinkType } from '@counterpoint/core';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { mutate } from '../audit.js';
import type { Db } from '../open.js';
import { auditLog } from '../schema/audit.js';
import { campaigns } from '../schema/campaigns.js';
import { districts } from '../schema/geography.js';
import { planActions, riskLinks, risks, spaces } from '../schema/governance.js';
import { narratives } from '../schema/narratives.js';
import { users } from '../schema/users.js';
import type { RiskActor } from './risks.js';

/** What a risk is linked to (narratives, spaces, campaigns) and the risk's audit timeline. */

const LINKED = {
  narrative: { table: narratives, label: narratives.title, what: 'narrative' },
  space: { table: spaces, label: spaces.name, what: 'space' },
  campaign: { table: campaigns, label: campaigns.title, what: 'campaign' },
} as const;

/** Links a risk to a narrative, space or campaign that exists; linking twice changes nothing. */
export async function linkRisk(
  db: Db,
  actor: RiskActor,
  riskId: string,
  type: RiskLinkType,
  entityId: string,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [risk] = await tx.select({ id: risks.id }).from(risks).where(eq(risks.id, riskId)).limit(1);
    if (!risk) throw new DomainError('not_found', 'That risk no longer exists.');
    const target = LINKED[type];
    const [found] = await tx
      .select({ label: target.label })
      .from(target.table)
      .where(eq(target.table.id, entityId))
      .limit(1);
    if (!found) throw new DomainError('invalid_input', `Choose a ${target.what} that exists.`);
    const added = await tx
      .insert(riskLinks)
      .values({ riskId, entityType: type, entityId })
      .onConflictDoNothing()
      .returning({ riskId: riskLinks.riskId });
    if (added.length === 0) throw new DomainError('conflict', `That ${target.what} is already linked.`);
    await tx.update(risks).set({ updatedAt: new Date() }).where(eq(risks.id, riskId));
    return {
      result: undefined,
      audit: {
        action: 'risk.linked',
        entityType: 'risk',
        entityId: riskId,
        change: { type, entityId, label: found.label },
      },
    };
  });
}

export async function unlinkRisk(
  db: Db,
  actor: RiskActor,
  riskId: string,
  type: RiskLinkType,
  entityId: string,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const gone = await tx
      .delete(riskLinks)
      .where(
        and(eq(riskLinks.riskId, riskId), eq(riskLinks.entityType, type), eq(riskLinks.entityId, entityId)),
      )
      .returning({ riskId: riskLinks.riskId });
    if (gone.length === 0) throw new DomainError('not_found', 'That link was already removed.');
    await tx.update(risks).set({ updatedAt: new Date() }).where(eq(risks.id, riskId));
    return {
      result: undefined,
      audit: { action: 'risk.unlinked', entityType: 'risk', entityId: riskId, change: { type, entityId } },
    };
  });
}

export interface RiskTimelineEntry {
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  change: unknown;
}

/** The audit trail of a risk and its plan actions, newest first (notes included as 'note.added'). */
export async function riskTimeline(db: Db, riskId: string, limit = 100): Promise<RiskTimelineEntry[]> {
  const actionIds = db.select({ id: planActions.id }).from(planActions).where(eq(planActions.riskId, riskId));
  return db
    .select({
      at: auditLog.at,
      actor: sql<string>`coalesce(${users.name}, ${auditLog.actorLabel})`,
      action: auditLog.action,
      entityType: auditLog.entityType,
      change: auditLog.change,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      or(
        and(eq(auditLog.entityType, 'risk'), eq(auditLog.entityId, riskId)),
        and(eq(auditLog.entityType, 'plan_action'), inArray(auditLog.entityId, actionIds)),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}

/** Live risks linked to a narrative, space or campaign (for those pages to show). */
export async function risksLinkedTo(db: Db, type: RiskLinkType, entityId: string) {
  return db
    .select({
      id: risks.id,
      title: risks.title,
      likelihood: risks.likelihood,
      impact: risks.impact,
      status: risks.status,
      district: districts.name,
    })
    .from(riskLinks)
    .innerJoin(risks, eq(risks.id, riskLinks.riskId))
    .leftJoin(districts, eq(districts.id, risks.districtId))
    .where(and(eq(riskLinks.entityType, type), eq(riskLinks.entityId, entityId)))
    .orderBy(desc(sql`${risks.likelihood} * ${risks.impact}`), asc(risks.title));
}
