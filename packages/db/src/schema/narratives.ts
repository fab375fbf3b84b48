import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  time,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, day, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { districts } from './geography.js';
import { signals } from './triage.js';
import { users } from './users.js';

export const NARRATIVE_STATUSES = ['emerging', 'active', 'declining', 'dormant'] as const;
export const ALERT_KINDS = ['spike', 'threshold', 'narrative_growth'] as const;
export const ALERT_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export const FEED_TOKEN_PURPOSES = ['alerts_atom', 'calendar_ics'] as const;

/** A recurring story or claim that analysts group signals under. */
export const narratives = pgTable(
  'narratives',
  {
    id: idColumn(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    category: text('category'),
    status: text('status', { enum: NARRATIVE_STATUSES }).notNull().default('emerging'),
    firstSeenAt: tstz('first_seen_at'),
    lastSeenAt: tstz('last_seen_at'),
    createdBy: text('created_by').references(() => users.id),
    legalHold: boolean('legal_hold').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('narratives_status_idx').on(t.status, t.lastSeenAt),
    oneOf('narratives_status_check', t.status, NARRATIVE_STATUSES),
  ],
);

export const narrativeSignals = pgTable(
  'narrative_signals',
  {
    narrativeId: text('narrative_id')
      .notNull()
      .references(() => narratives.id, { onDelete: 'cascade' }),
    signalId: text('signal_id')
      .notNull()
      .references(() => signals.id, { onDelete: 'cascade' }),
    addedBy: text('added_by').references(() => users.id),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.narrativeId, t.signalId] }),
    index('narrative_signals_signal_idx').on(t.signalId),
  ],
);

export const narrativeDistricts = pgTable(
  'narrative_districts',
  {
    narrativeId: text('narrative_id')
      .notNull()
      .references(() => narratives.id, { onDelete: 'cascade' }),
    districtId: text('district_id')
      .notNull()
      .references(() => districts.id),
  },
  (t) => [
    primaryKey({ columns: [t.narrativeId, t.districtId] }),
    index('narrative_districts_district_idx').on(t.districtId),
  ],
);

/**
 * Daily counts by category and district, written before retention deletes content so trends and
 * spike baselines survive it. A null district means county-wide / unplaced.
 */
export const trendCounts = pgTable(
  'trend_counts',
  {
    day: day('day').notNull(),
    category: text('category').notNull(),
    districtId: text('district_id').references(() => districts.id),
    items: integer('items').notNull().default(0),
    signals: integer('signals').notNull().default(0),
  },
  (t) => [unique('trend_counts_key').on(t.day, t.category, t.districtId).nullsNotDistinct()],
);

/** A detected spike (count against a baseline, as a z-score) for a category in a district on a day. */
export const alerts = pgTable(
  'alerts',
  {
    id: idColumn(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull().default('spike'),
    category: text('category'),
    districtId: text('district_id').references(() => districts.id),
    narrativeId: text('narrative_id').references(() => narratives.id, { onDelete: 'set null' }),
    day: day('day').notNull(),
    count: integer('count').notNull(),
    baseline: real('baseline').notNull(),
    z: real('z').notNull(),
    createdAt: createdAt(),
    acknowledgedBy: text('acknowledged_by').references(() => users.id),
    acknowledgedAt: tstz('acknowledged_at'),
  },
  (t) => [
    unique('alerts_once_key').on(t.kind, t.category, t.districtId, t.day).nullsNotDistinct(),
    index('alerts_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('alerts_district_idx').on(t.districtId),
    oneOf('alerts_kind_check', t.kind, ALERT_KINDS),
  ],
);

/** Who wants which alerts, how, and when not to be disturbed (quiet hours in Europe/London). */
export const alertSubscriptions = pgTable(
  'alert_subscriptions',
  {
    id: idColumn(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category'),
    districtId: text('district_id').references(() => districts.id),
    channel: text('channel', { enum: ALERT_CHANNELS }).notNull().default('in_app'),
    /** E-mail address or webhook URL when the channel needs one. */
    target: text('target'),
    quietFrom: time('quiet_from'),
    quietUntil: time('quiet_until'),
    /** Minimum z-score worth telling this person about. */
    threshold: real('threshold').notNull().default(3),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('alert_subscriptions_user_idx').on(t.userId),
    index('alert_subscriptions_district_idx').on(t.districtId),
    oneOf('alert_subscriptions_channel_check', t.channel, ALERT_CHANNELS),
  ],
);

/**
 * Secret URLs for feeds a calendar or reader polls without a session (Atom alerts, ICS calendars).
 * Only the SHA-256 of the token is kept. `campaign_id` narrows a calendar to one campaign; it has no
 * foreign key to avoid a cycle between schema modules (campaigns link narratives).
 */
export const feedTokens = pgTable(
  'feed_tokens',
  {
    id: idColumn(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: FEED_TOKEN_PURPOSES }).notNull(),
    campaignId: text('campaign_id'),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [
    uniqueIndex('feed_tokens_hash_key').on(t.tokenHash),
    index('feed_tokens_user_idx').on(t.userId),
    oneOf('feed_tokens_purpose_check', t.purpose, FEED_TOKEN_PURPOSES),
  ],
);
