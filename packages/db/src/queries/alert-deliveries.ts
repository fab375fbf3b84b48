import { newId } from '@counterpoint/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { alertDeliveries } from '../schema/alerts.js';

/**
 * The outbox for e-mail and webhook alerts. `queueAlertDeliveries` owes each matching subscription
 * each new alert once (the unique key); the sender reads what is pending, groups it per
 * subscription and marks the outcome. A failed send stays pending until MAX_ATTEMPTS.
 */

export const MAX_DELIVERY_ATTEMPTS = 5;

/** How far back a new subscription or a restarted worker looks for alerts still worth sending. */
const LOOKBACK = '3 days';

/** Owes every recent alert to every matching enabled e-mail/webhook subscription; returns rows added. */
export async function queueAlertDeliveries(db: Db, now = new Date()): Promise<number> {
  const owed = rowsOf<{ alert_id: string; subscription_id: string; channel: 'email' | 'webhook' }>(
    await db.execute(sql`
      select a.id as alert_id, s.id as subscription_id, s.channel
      from alerts a
      join alert_subscriptions s
        on s.enabled and s.channel in ('email', 'webhook')
       and (s.category is null or s.category = a.category)
       and (s.district_id is null or s.district_id = a.district_id)
       and a.z >= s.threshold
       -- A new subscription is not flooded with what happened before it existed.
       and a.created_at >= s.created_at
      where a.created_at > now() - interval '${sql.raw(LOOKBACK)}'
        and a.acknowledged_at is null
        and not exists (
          select 1 from alert_deliveries d where d.alert_id = a.id and d.subscription_id = s.id)
      limit 5000`),
  );
  if (owed.length === 0) return 0;
  const added = await db
    .insert(alertDeliveries)
    .values(
      owed.map((o) => ({
        id: newId('alertDelivery', now.getTime()),
        alertId: o.alert_id,
        subscriptionId: o.subscription_id,
        channel: o.channel,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: alertDeliveries.id });
  return added.length;
}

export interface PendingDelivery {
  deliveryId: string;
  attempts: number;
  subscriptionId: string;
  channel: 'email' | 'webhook';
  target: string | null;
  quietFrom: string | null;
  quietUntil: string | null;
  userId: string;
  userName: string;
  userEmail: string;
  alertId: string;
  category: string | null;
  districtId: string | null;
  districtName: string | null;
  day: string;
  count: number;
  baseline: number;
  z: number;
  alertCreatedAt: Date;
}

/** Pending deliveries for people who are still active, oldest alert first. */
export async function pendingDeliveries(db: Db, limit = 500): Promise<PendingDelivery[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select d.id as delivery_id, d.attempts, s.id as subscription_id, d.channel, s.target,
             s.quiet_from::text as quiet_from, s.quiet_until::text as quiet_until,
             u.id as user_id, u.name as user_name, u.email as user_email,
             a.id as alert_id, a.category, a.district_id, di.name as district_name, a.day::text as day,
             a.count, a.baseline, a.z, a.created_at as alert_created_at
      from alert_deliveries d
      join alert_subscriptions s on s.id = d.subscription_id
      join users u on u.id = s.user_id
      join alerts a on a.id = d.alert_id
      left join districts di on di.id = a.district_id
      where d.status = 'pending' and s.enabled and not u.disabled
      order by a.created_at, a.id
      limit ${limit}`),
  );
  return rows.map((r) => ({
    deliveryId: String(r.delivery_id),
    attempts: Number(r.attempts),
    subscriptionId: String(r.subscription_id),
    channel: r.channel as 'email' | 'webhook',
    target: (r.target as string | null) ?? null,
    quietFrom: (r.quiet_from as string | null) ?? null,
    quietUntil: (r.quiet_until as string | null) ?? null,
    userId: String(r.user_id),
    userName: String(r.user_name),
    userEmail: String(r.user_email),
    alertId: String(r.alert_id),
    category: (r.category as string | null) ?? null,
    districtId: (r.district_id as string | null) ?? null,
    districtName: (r.district_name as string | null) ?? null,
    day: String(r.day),
    count: Number(r.count),
    baseline: Number(r.baseline),
    z: Number(r.z),
    alertCreatedAt: new Date(r.alert_created_at as string | Date),
  }));
}

export async function markDeliveriesSent(db: Db, ids: readonly string[], at = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(alertDeliveries)
    .set({ status: 'sent', sentAt: at, attempts: sql`${alertDeliveries.attempts} + 1`, lastError: null })
    .where(inArray(alertDeliveries.id, [...ids]));
}

/** Counts a failed attempt; the delivery gives up (status failed) after MAX_DELIVERY_ATTEMPTS. */
export async function markDeliveriesFailed(db: Db, ids: readonly string[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(alertDeliveries)
    .set({
      attempts: sql`${alertDeliveries.attempts} + 1`,
      lastError: error.slice(0, 500),
      status: sql`case when ${alertDeliveries.attempts} + 1 >= ${MAX_DELIVERY_ATTEMPTS} then 'failed' else 'pending' end`,
    })
    .where(and(inArray(alertDeliveries.id, [...ids]), eq(alertDeliveries.status, 'pending')));
}

/** For tests and the admin view: a delivery's state. */
export async function deliveryStates(
  db: Db,
  subscriptionId: string,
): Promise<Array<{ alertId: string; status: string; attempts: number; lastError: string | null }>> {
  return db
    .select({
      alertId: alertDeliveries.alertId,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      lastError: alertDeliveries.lastError,
    })
    .from(alertDeliveries)
    .where(eq(alertDeliveries.subscriptionId, subscriptionId));
}
