import { index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { ALERT_CHANNELS, alertSubscriptions, alerts } from './narratives.js';
import { createdAt, idColumn, oneOf, tstz } from './columns.js';

export const ALERT_DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;

/**
 * One alert owed to one subscription on an outward channel (e-mail or webhook). A row is written
 * when the alert first matches the subscription and stays `pending` while the subscriber's quiet
 * hours hold it or a send is retried; the unique key makes "tell each subscriber once" a database
 * fact rather than a hope. In-app alerts need no row: the alerts page reads `alerts` directly.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: idColumn(),
    alertId: text('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => alertSubscriptions.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ALERT_CHANNELS }).notNull(),
    status: text('status', { enum: ALERT_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    unique('alert_deliveries_once_key').on(t.alertId, t.subscriptionId),
    index('alert_deliveries_pending_idx').on(t.status, t.subscriptionId),
    oneOf('alert_deliveries_channel_check', t.channel, ALERT_CHANNELS),
    oneOf('alert_deliveries_status_check', t.status, ALERT_DELIVERY_STATUSES),
  ],
);
