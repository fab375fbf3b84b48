import { alertSummary, alertTitle, isQuietAt } from '@counterpoint/core';
import {
  markDeliveriesFailed,
  markDeliveriesSent,
  pendingDeliveries,
  queueAlertDeliveries,
  type Db,
  type PendingDelivery,
} from '@counterpoint/db';
import type { SafeFetcher } from '../connectors/safe-fetch.js';
import type { Logger } from '../logger.js';
import { renderDigest } from '../mail/alert-digest.js';
import type { Mailer } from '../mail/mailer.js';

/**
 * Sends owed alerts: per subscription, one e-mail digest or one webhook POST holding every alert
 * owed to it. A subscription in its quiet hours (Europe/London) is skipped and its alerts stay
 * pending, so they go out together when the quiet hours end. E-mail without SMTP configured also
 * stays pending (and is logged), rather than being dropped.
 */

export interface DeliverDeps {
  db: Db;
  now: Date;
  origin: string;
  mailer: Mailer | null;
  fetcher: Pick<SafeFetcher, 'post'>;
  logger: Logger;
}

export interface DeliverResult {
  queued: number;
  sent: number;
  held: number;
  failed: number;
  /** Subscriptions waiting only because no SMTP server is configured. */
  noMailer: number;
}

/** The JSON a webhook receives: counts and links only, never post content or authors. */
export function webhookBody(alerts: readonly PendingDelivery[], origin: string, now: Date): string {
  const base = origin.replace(/\/$/, '');
  return JSON.stringify({
    type: 'counterpoint.alerts',
    sentAt: now.toISOString(),
    alerts: alerts.map((a) => ({
      id: a.alertId,
      kind: 'spike',
      category: a.category,
      districtId: a.districtId,
      district: a.districtName,
      day: a.day,
      count: a.count,
      baseline: a.baseline,
      z: a.z,
      title: alertTitle({ ...a, kind: 'spike' }),
      summary: alertSummary({ ...a, kind: 'spike' }),
      url: `${base}/alerts`,
      raisedAt: a.alertCreatedAt.toISOString(),
    })),
  });
}

export async function deliverAlerts(deps: DeliverDeps): Promise<DeliverResult> {
  const { db, now, logger } = deps;
  const queued = await queueAlertDeliveries(db, now);
  const pending = await pendingDeliveries(db);
  const bySubscription = new Map<string, PendingDelivery[]>();
  for (const p of pending) {
    const list = bySubscription.get(p.subscriptionId) ?? [];
    list.push(p);
    bySubscription.set(p.subscriptionId, list);
  }
  const result: DeliverResult = { queued, sent: 0, held: 0, failed: 0, noMailer: 0 };
  for (const [subscriptionId, owed] of bySubscription) {
    const first = owed[0]!;
    const ids = owed.map((o) => o.deliveryId);
    if (isQuietAt(now, first.quietFrom, first.quietUntil)) {
      result.held += owed.length;
      continue;
    }
    try {
      if (first.channel === 'email') {
        if (!deps.mailer) {
          result.noMailer += 1;
          continue;
        }
        const digest = renderDigest(
          first.userName,
          owed.map((o) => ({ ...o, kind: 'spike' })),
          deps.origin,
        );
        await deps.mailer.send({ to: first.target ?? first.userEmail, ...digest });
      } else {
        if (!first.target) throw new Error('The webhook subscription has no address');
        await deps.fetcher.post(first.target, webhookBody(owed, deps.origin, now));
      }
      await markDeliveriesSent(db, ids, now);
      result.sent += owed.length;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await markDeliveriesFailed(db, ids, message);
      result.failed += owed.length;
      logger.warn({ subscriptionId, channel: first.channel, err: message }, 'alert delivery failed');
    }
  }
  if (result.noMailer > 0)
    logger.warn({ subscriptions: result.noMailer }, 'e-mail alerts are waiting: SMTP_URL is not configured');
  return result;
}
