import { DomainError, isTimeOfDay, newId } from '@counterpoint/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { ALERT_CHANNELS, alertSubscriptions } from '../schema/narratives.js';

/** A person's own alert subscriptions: what to be told about, how, and when not to be disturbed. */

export type AlertChannel = (typeof ALERT_CHANNELS)[number];

export interface SubscriptionRow {
  id: string;
  category: string | null;
  districtId: string | null;
  districtName: string | null;
  channel: AlertChannel;
  target: string | null;
  threshold: number;
  quietFrom: string | null;
  quietUntil: string | null;
  enabled: boolean;
  createdAt: Date;
}

export function listSubscriptions(db: Db, userId: string): Promise<SubscriptionRow[]> {
  return db
    .select({
      id: alertSubscriptions.id,
      category: alertSubscriptions.category,
      districtId: alertSubscriptions.districtId,
      districtName: districts.name,
      channel: alertSubscriptions.channel,
      target: alertSubscriptions.target,
      threshold: alertSubscriptions.threshold,
      quietFrom: alertSubscriptions.quietFrom,
      quietUntil: alertSubscriptions.quietUntil,
      enabled: alertSubscriptions.enabled,
      createdAt: alertSubscriptions.createdAt,
    })
    .from(alertSubscriptions)
    .leftJoin(districts, eq(districts.id, alertSubscriptions.districtId))
    .where(eq(alertSubscriptions.userId, userId))
    .orderBy(asc(alertSubscriptions.createdAt), asc(alertSubscriptions.id));
}

export interface SubscriptionInput {
  category: string | null;
  districtId: string | null;
  channel: AlertChannel;
  /** E-mail address (blank: the person's own) or webhook URL. */
  target: string | null;
  threshold: number;
  quietFrom: string | null;
  quietUntil: string | null;
  enabled: boolean;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Checks a subscription's fields; throws a DomainError naming the first problem in plain words. */
export function checkSubscription(input: SubscriptionInput): SubscriptionInput {
  if (!(ALERT_CHANNELS as readonly string[]).includes(input.channel))
    throw new DomainError(
      'invalid_input',
      'Choose how to be told: in Counterpoint, by e-mail or by webhook.',
    );
  if (!Number.isFinite(input.threshold) || input.threshold < 1 || input.threshold > 20)
    throw new DomainError('invalid_input', 'The threshold is a z-score between 1 and 20 (3 is usual).');
  const target = input.target?.trim() || null;
  if (input.channel === 'webhook') {
    let url: URL | null = null;
    try {
      url = target ? new URL(target) : null;
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new DomainError('invalid_input', 'A webhook needs an http(s) address to send alerts to.');
  }
  if (input.channel === 'email' && target && !EMAIL.test(target))
    throw new DomainError('invalid_input', `“${target}” is not an e-mail address.`);
  const quietFrom = input.quietFrom?.trim() || null;
  const quietUntil = input.quietUntil?.trim() || null;
  if ((quietFrom === null) !== (quietUntil === null))
    throw new DomainError('invalid_input', 'Quiet hours need both a start and an end (or neither).');
  for (const t of [quietFrom, quietUntil])
    if (t !== null && !isTimeOfDay(t))
      throw new DomainError('invalid_input', `“${t}” is not a time of day (use HH:MM, 24-hour).`);
  return {
    ...input,
    category: input.category?.trim() || null,
    districtId: input.districtId || null,
    target: input.channel === 'in_app' ? null : target,
    quietFrom,
    quietUntil,
  };
}

/** Creates a subscription, or updates one of the person's own when `id` is given (audited). */
export async function saveSubscription(
  db: Db,
  actor: Actor & { id: string },
  input: SubscriptionInput,
  id?: string,
): Promise<string> {
  const values = checkSubscription(input);
  return mutate(db, actor, async (tx) => {
    if (values.districtId) {
      const [d] = await tx
        .select({ id: districts.id })
        .from(districts)
        .where(eq(districts.id, values.districtId));
      if (!d) throw new DomainError('invalid_input', 'That district does not exist.');
    }
    // The audit row records where alerts go by channel, not the address itself (a webhook URL may
    // carry a secret).
    const change = { ...values, target: values.target ? '(set)' : null };
    if (id) {
      const [row] = await tx
        .update(alertSubscriptions)
        .set(values)
        .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, actor.id)))
        .returning({ id: alertSubscriptions.id });
      if (!row) throw new DomainError('not_found', 'That subscription no longer exists.');
      return {
        result: id,
        audit: {
          action: 'alert_subscription.updated',
          entityType: 'alert_subscription',
          entityId: id,
          change,
        },
      };
    }
    const newIdValue = newId('subscription');
    await tx.insert(alertSubscriptions).values({ id: newIdValue, userId: actor.id, ...values });
    return {
      result: newIdValue,
      audit: {
        action: 'alert_subscription.created',
        entityType: 'alert_subscription',
        entityId: newIdValue,
        change,
      },
    };
  });
}

export async function deleteSubscription(db: Db, actor: Actor & { id: string }, id: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const [row] = await tx
      .delete(alertSubscriptions)
      .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, actor.id)))
      .returning({ id: alertSubscriptions.id });
    if (!row) throw new DomainError('not_found', 'That subscription no longer exists.');
    return {
      result: undefined,
      audit: {
        action: 'alert_subscription.deleted',
        entityType: 'alert_subscription',
        entityId: id,
        change: {},
      },
    };
  });
}

/** Categories a person can subscribe to: those in the lexicon and those already counted. */
export async function alertCategories(db: Db): Promise<string[]> {
  const rows = rowsOf<{ category: string }>(
    await db.execute(sql`
      select category from (
        select distinct category from lexicon_terms
        union
        select distinct category from trend_counts
      ) c order by category`),
  );
  return rows.map((r) => r.category);
}
