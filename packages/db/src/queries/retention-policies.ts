import {
  DomainError,
  isRetentionClass,
  parseRetentionDays,
  RETENTION_CLASS_INFO,
  RETENTION_CLASSES,
  type RetentionClass,
} from '@counterpoint/core';
import { eq, sql } from 'drizzle-orm';
import { mutate, type Actor, type AuditEntry } from '../audit.js';
import type { Db } from '../open.js';
import { retentionPolicies } from '../schema/privacy.js';
import { users } from '../schema/users.js';

/** Retention periods per data class, as Admin shows and edits them. */

export interface RetentionPolicyRow {
  dataClass: RetentionClass;
  days: number | null;
  description: string;
  updatedAt: Date | null;
  updatedByName: string | null;
  /** False when the class has no stored row (a run then keeps that class's data). */
  stored: boolean;
}

/** Every known class, in a fixed order, with its stored period (or none). */
export async function listRetentionPolicies(db: Db): Promise<RetentionPolicyRow[]> {
  const rows = await db
    .select({
      dataClass: retentionPolicies.dataClass,
      days: retentionPolicies.days,
      description: retentionPolicies.description,
      updatedAt: retentionPolicies.updatedAt,
      updatedByName: users.name,
    })
    .from(retentionPolicies)
    .leftJoin(users, eq(users.id, retentionPolicies.updatedBy));
  const byClass = new Map(rows.map((r) => [r.dataClass, r]));
  return RETENTION_CLASSES.map((dataClass) => {
    const r = byClass.get(dataClass);
    return {
      dataClass,
      days: r?.days ?? null,
      description: r?.description ?? RETENTION_CLASS_INFO[dataClass].label,
      updatedAt: r?.updatedAt ?? null,
      updatedByName: r?.updatedByName ?? null,
      stored: r !== undefined,
    };
  });
}

/**
 * Sets the periods an administrator submitted (raw form values by class). Every value is checked
 * before anything is written; only classes whose period actually changes are written, each with
 * its own audit row (from → to). Returns the classes changed.
 */
export async function updateRetentionPolicies(
  db: Db,
  actor: Actor & { id: string },
  submitted: Readonly<Record<string, unknown>>,
): Promise<RetentionClass[]> {
  const wanted = new Map<RetentionClass, number | null>();
  for (const [dataClass, raw] of Object.entries(submitted)) {
    if (!isRetentionClass(dataClass))
      throw new DomainError('invalid_input', `“${dataClass}” is not a data class retention knows.`);
    if (!RETENTION_CLASS_INFO[dataClass].editable) continue;
    wanted.set(dataClass, parseRetentionDays(dataClass, raw));
  }
  if (wanted.size === 0) throw new DomainError('invalid_input', 'No retention periods were submitted.');
  return mutate(db, actor, async (tx) => {
    const current = new Map(
      (await tx.select().from(retentionPolicies).for('update')).map((r) => [r.dataClass, r.days]),
    );
    const audit: AuditEntry[] = [];
    const changed: RetentionClass[] = [];
    for (const [dataClass, days] of wanted) {
      const before = current.has(dataClass) ? (current.get(dataClass) ?? null) : undefined;
      if (before === days) continue;
      await tx
        .insert(retentionPolicies)
        .values({
          dataClass,
          days,
          description: RETENTION_CLASS_INFO[dataClass].label,
          updatedBy: actor.id,
        })
        .onConflictDoUpdate({
          target: retentionPolicies.dataClass,
          set: { days, updatedBy: actor.id, updatedAt: sql`now()` },
        });
      changed.push(dataClass);
      audit.push({
        action: 'retention.policy_changed',
        entityType: 'retention_policy',
        entityId: dataClass,
        change: { from: before ?? null, to: days },
      });
    }
    return { result: changed, audit };
  });
}
