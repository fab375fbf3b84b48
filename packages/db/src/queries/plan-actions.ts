import {
  assertPlanActionStatusChange,
  DomainError,
  newId,
  type PlanActionInput,
  type PlanActionStatus,
} from '@counterpoint/core';
import { and, asc, eq, inArray, lt, ne } from 'drizzle-orm';
import { mutate } from '../audit.js';
import type { Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { planActions, risks } from '../schema/governance.js';
import { users } from '../schema/users.js';
import { foreignKeyRefusal, type RiskActor } from './risks.js';

/**
 * Mitigations as partnership-plan actions, each under one risk. Audited as 'plan_action.created' and
 * 'plan_action.updated' (entity type 'plan_action'; the change names the risk).
 */

const OWNER_GONE = 'The chosen owner no longer exists.';

export async function createPlanAction(
  db: Db,
  actor: RiskActor,
  riskId: string,
  input: PlanActionInput,
): Promise<string> {
  const id = newId('planAction');
  try {
    return await mutate(db, actor, async (tx) => {
      const [risk] = await tx
        .select({ status: risks.status })
        .from(risks)
        .where(eq(risks.id, riskId))
        .for('update')
        .limit(1);
      if (!risk) throw new DomainError('not_found', 'That risk no longer exists.');
      if (risk.status === 'closed')
        throw new DomainError('invalid_state', 'A closed risk takes no new actions; re-open it first.');
      await tx.insert(planActions).values({ id, riskId, ...input });
      await tx.update(risks).set({ updatedAt: new Date() }).where(eq(risks.id, riskId));
      return {
        result: id,
        audit: {
          action: 'plan_action.created',
          entityType: 'plan_action',
          entityId: id,
          change: { riskId, ...input },
        },
      };
    });
  } catch (e) {
    return foreignKeyRefusal(e, OWNER_GONE);
  }
}

/**
 * Changes an action of this risk (the id pair guards against a form aimed at another risk's action).
 * Only the fields given change; the audit row holds what changed, before and after.
 */
export async function updatePlanAction(
  db: Db,
  actor: RiskActor,
  riskId: string,
  actionId: string,
  patch: Partial<PlanActionInput>,
): Promise<void> {
  try {
    await mutate(db, actor, async (tx) => {
      const [before] = await tx
        .select()
        .from(planActions)
        .where(and(eq(planActions.id, actionId), eq(planActions.riskId, riskId)))
        .for('update')
        .limit(1);
      if (!before) throw new DomainError('not_found', 'That plan action no longer exists.');
      if (patch.status) assertPlanActionStatusChange(before.status, patch.status);
      const from: Record<string, unknown> = {};
      const to: Record<string, unknown> = {};
      for (const key of ['title', 'ownerId', 'dueOn', 'status'] as const) {
        if (patch[key] !== undefined && patch[key] !== before[key]) {
          from[key] = before[key];
          to[key] = patch[key];
        }
      }
      if (Object.keys(to).length === 0) throw new DomainError('invalid_input', 'Nothing was changed.');
      await tx
        .update(planActions)
        .set({ ...to, updatedAt: new Date() })
        .where(eq(planActions.id, actionId));
      await tx.update(risks).set({ updatedAt: new Date() }).where(eq(risks.id, riskId));
      return {
        result: undefined,
        audit: {
          action: 'plan_action.updated',
          entityType: 'plan_action',
          entityId: actionId,
          change: { riskId, from, to },
        },
      };
    });
  } catch (e) {
    foreignKeyRefusal(e, OWNER_GONE);
  }
}

export interface OverduePlanAction {
  id: string;
  title: string;
  dueOn: string;
  status: PlanActionStatus;
  owner: string | null;
  riskId: string;
  riskTitle: string;
  district: string | null;
}

/**
 * Open actions whose due date is before `today` (a London day), on risks that are not closed,
 * oldest first: the "overdue actions" of the register and the board report.
 */
export async function listOverduePlanActions(
  db: Db,
  today: string,
  limit = 200,
): Promise<OverduePlanAction[]> {
  const rows = await db
    .select({
      id: planActions.id,
      title: planActions.title,
      dueOn: planActions.dueOn,
      status: planActions.status,
      owner: users.name,
      riskId: risks.id,
      riskTitle: risks.title,
      district: districts.name,
    })
    .from(planActions)
    .innerJoin(risks, eq(risks.id, planActions.riskId))
    .leftJoin(districts, eq(districts.id, risks.districtId))
    .leftJoin(users, eq(users.id, planActions.ownerId))
    .where(
      and(
        inArray(planActions.status, ['not_started', 'in_progress']),
        lt(planActions.dueOn, today),
        ne(risks.status, 'closed'),
      ),
    )
    .orderBy(asc(planActions.dueOn), asc(planActions.title))
    .limit(limit);
  return rows.map((r) => ({ ...r, dueOn: r.dueOn! }));
}
