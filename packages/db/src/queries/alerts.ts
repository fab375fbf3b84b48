import { DomainError, newId, type Spike } from '@counterpoint/core';
import { and, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { alertSubscriptions, alerts } from '../schema/narratives.js';
import { users } from '../schema/users.js';

/**
 * Alerts are raised by the system (spike detection) and read by everyone who may see the
 * dashboard. Acknowledging one is a person's act and is audited. "Mine" means: matching one of the
 * person's enabled subscriptions (category and district, or any, at or above its z threshold).
 */

export interface RecordedSpikes {
  created: string[];
  updated: number;
}

/**
 * Writes spikes as alerts, once per kind, category, district and day. A spike found again later the
 * same day with a higher count updates the figures rather than raising a second alert.
 */
export async function recordSpikes(
  db: Db,
  spikes: readonly Spike[],
  now = new Date(),
): Promise<RecordedSpikes> {
  if (spikes.length === 0) return { created: [], updated: 0 };
  return mutate(db, SYSTEM_ACTOR, async (tx) => {
    const created: string[] = [];
    let updated = 0;
    for (const s of spikes) {
      const rows = rowsOf<{ id: string; inserted: boolean }>(
        await tx.execute(sql`
          insert into alerts (id, kind, category, district_id, day, count, baseline, z, created_at)
          values (${newId('alert', now.getTime())}, 'spike', ${s.category}, ${s.districtId}, ${s.day},
                  ${s.count}, ${s.baseline}, ${s.z}, ${now.toISOString()})
          on conflict on constraint alerts_once_key do update
            set count = excluded.count, baseline = excluded.baseline, z = excluded.z
            where excluded.count > alerts.count
          returning id, (xmax = 0) as inserted`),
      );
      const row = rows[0];
      if (row?.inserted) created.push(row.id);
      else if (row) updated += 1;
    }
    return {
      result: { created, updated },
      audit: created.length
        ? {
            action: 'alerts.raised',
            entityType: 'alert',
            entityId: created[0]!,
            change: { ids: created, spikes: spikes.length },
          }
        : [],
    };
  });
}

export interface AlertRow {
  id: string;
  kind: string;
  category: string | null;
  districtId: string | null;
  districtName: string | null;
  day: string;
  count: number;
  baseline: number;
  z: number;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
}

/** SQL: the alert row `a` matches one of the user's enabled subscriptions. */
function matchesSubscriptionOf(userId: string): SQL {
  return sql`exists (
    select 1 from ${alertSubscriptions} s
    where s.user_id = ${userId} and s.enabled
      and (s.category is null or s.category = ${alerts.category})
      and (s.district_id is null or s.district_id is not distinct from ${alerts.districtId})
      and ${alerts.z} >= s.threshold)`;
}

export interface ListAlertsOptions {
  status?: 'open' | 'acknowledged' | 'all';
  /** Only alerts matching this person's subscriptions. */
  mineFor?: string;
  limit?: number;
  /** Keyset: alerts created before this (createdAt, id). */
  before?: { createdAt: Date; id: string };
}

export async function listAlerts(db: Db, options: ListAlertsOptions = {}): Promise<AlertRow[]> {
  const where: SQL[] = [];
  if (options.status === 'open') where.push(isNull(alerts.acknowledgedAt));
  if (options.status === 'acknowledged') where.push(isNotNull(alerts.acknowledgedAt));
  if (options.mineFor) where.push(matchesSubscriptionOf(options.mineFor));
  if (options.before) {
    const b = options.before;
    where.push(
      or(lt(alerts.createdAt, b.createdAt), and(eq(alerts.createdAt, b.createdAt), lt(alerts.id, b.id)))!,
    );
  }
  return db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      category: alerts.category,
      districtId: alerts.districtId,
      districtName: districts.name,
      day: alerts.day,
      count: alerts.count,
      baseline: alerts.baseline,
      z: alerts.z,
      createdAt: alerts.createdAt,
      acknowledgedAt: alerts.acknowledgedAt,
      acknowledgedByName: users.name,
    })
    .from(alerts)
    .leftJoin(districts, eq(districts.id, alerts.districtId))
    .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 200));
}

export async function countOpenAlerts(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alerts)
    .where(isNull(alerts.acknowledgedAt));
  return row?.n ?? 0;
}

/** Marks an alert as seen and dealt with by this person (once; audited). */
export async function acknowledgeAlert(
  db: Db,
  actor: Actor & { id: string },
  alertId: string,
): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [row] = await tx
      .update(alerts)
      .set({ acknowledgedAt: new Date(), acknowledgedBy: actor.id })
      .where(and(eq(alerts.id, alertId), isNull(alerts.acknowledgedAt)))
      .returning({
        id: alerts.id,
        category: alerts.category,
        districtId: alerts.districtId,
        day: alerts.day,
      });
    if (!row) {
      const [exists] = await tx.select({ id: alerts.id }).from(alerts).where(eq(alerts.id, alertId)).limit(1);
      throw exists
        ? new DomainError('conflict', 'Someone has already acknowledged this alert.')
        : new DomainError('not_found', 'That alert no longer exists.');
    }
    return {
      result: undefined,
      audit: {
        action: 'alert.acknowledged',
        entityType: 'alert',
        entityId: alertId,
        change: { category: row.category, districtId: row.districtId, day: row.day },
      },
    };
  });
}
