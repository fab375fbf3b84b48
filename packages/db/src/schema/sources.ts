import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { districts } from './geography.js';
import { users } from './users.js';

export const SOURCE_KINDS = ['rss', 'mastodon', 'bluesky', 'push', 'import', 'demo'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * Where items come from, with the state each connector needs to resume (conditional-GET
 * validators, a cursor) and its health, shown to people in plain words.
 */
export const sources = pgTable(
  'sources',
  {
    id: idColumn(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    name: text('name').notNull(),
    /** Feed URL, Mastodon instance, or a description for push/import sources. */
    url: text('url'),
    /** Hashtag, search terms or Jetstream filter, depending on the kind. */
    query: text('query'),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    intervalMinutes: integer('interval_minutes').notNull().default(15),
    /** Optional cron expression; when set it wins over the interval. */
    schedule: text('schedule'),
    enabled: boolean('enabled').notNull().default(true),
    ownerId: text('owner_id').references(() => users.id),
    // Health.
    lastFetchedAt: tstz('last_fetched_at'),
    nextDueAt: tstz('next_due_at'),
    lastSuccessAt: tstz('last_success_at'),
    lastErrorAt: tstz('last_error_at'),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    itemsSeen: bigint('items_seen', { mode: 'number' }).notNull().default(0),
    pausedAt: tstz('paused_at'),
    pausedReason: text('paused_reason'),
    // Conditional GET and resume state.
    etag: text('etag'),
    lastModified: text('last_modified'),
    /** Mastodon since_id, Jetstream time_us, or a replay position for the demo feed. */
    cursor: text('cursor'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('sources_kind_idx').on(t.kind),
    index('sources_due_idx').on(t.enabled, t.nextDueAt),
    index('sources_owner_idx').on(t.ownerId),
    oneOf('sources_kind_check', t.kind, SOURCE_KINDS),
  ],
);

/** The districts a source is about: a local paper's feed says where its items are from. */
export const sourceDistricts = pgTable(
  'source_districts',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    districtId: text('district_id')
      .notNull()
      .references(() => districts.id),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.districtId] }),
    index('source_districts_district_idx').on(t.districtId),
  ],
);
