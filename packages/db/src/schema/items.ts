import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { idColumn, oneOf, tstz, tsvector } from './columns.js';
import { districts } from './geography.js';
import { sources } from './sources.js';

/**
 * Near-duplicate clusters: every item belongs to one (a singleton until a copy arrives). Triage shows a
 * cluster as one signal with N copies.
 */
export const clusters = pgTable(
  'clusters',
  {
    id: idColumn(),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    size: integer('size').notNull().default(1),
    representativeItemId: text('representative_item_id').references((): AnyPgColumn => items.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    index('clusters_last_seen_idx').on(t.lastSeenAt, t.id),
    index('clusters_representative_idx').on(t.representativeItemId),
  ],
);

/**
 * Collected posts and articles. The author is only a pseudonym (HMAC hex); the real handle lives
 * encrypted in `identities`. `search` is filled asynchronously in batches (ingest must not pay for
 * full-text indexing), so it is a plain column, not a generated one.
 *
 * De-duplication: `text_hash` for exact copies; the 64-bit SimHash as two int4 halves, and four
 * 16-bit bands (each indexed) for the Hamming ≤ 3 lookup: two fingerprints within 3 bits agree
 * on at least one of four bands (pigeonhole), so candidates come from four index probes.
 */
export const items = pgTable(
  'items',
  {
    id: idColumn(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    url: text('url'),
    title: text('title'),
    text: text('text').notNull().default(''),
    language: text('language'),
    publishedAt: tstz('published_at'),
    collectedAt: tstz('collected_at').notNull().defaultNow(),
    authorPseudonym: text('author_pseudonym'),
    mediaUrls: text('media_urls').array().notNull().default([]),
    engagement: jsonb('engagement').$type<Record<string, number>>(),
    textHash: text('text_hash').notNull(),
    simhashHi: integer('simhash_hi').notNull(),
    simhashLo: integer('simhash_lo').notNull(),
    band0: integer('band0').notNull(),
    band1: integer('band1').notNull(),
    band2: integer('band2').notNull(),
    band3: integer('band3').notNull(),
    clusterId: text('cluster_id').references(() => clusters.id),
    search: tsvector('search'),
  },
  (t) => [
    uniqueIndex('items_source_external_key').on(t.sourceId, t.externalId),
    index('items_collected_idx').on(t.collectedAt.desc(), t.id.desc()),
    index('items_published_idx').on(t.publishedAt.desc(), t.id.desc()),
    index('items_text_hash_idx').on(t.textHash),
    index('items_band0_idx').on(t.band0),
    index('items_band1_idx').on(t.band1),
    index('items_band2_idx').on(t.band2),
    index('items_band3_idx').on(t.band3),
    index('items_cluster_idx').on(t.clusterId),
    index('items_author_idx').on(t.authorPseudonym),
    index('items_search_idx').using('gin', t.search),
  ],
);

/**
 * The real identity behind a pseudonym, AES-256-GCM encrypted (base64 ciphertext, iv and tag) as
 * one JSON blob of handle, display name and profile URL. `key_version` names the key so keys can
 * be rotated. Revealing one needs an approved `identity_reveals` row.
 */
export const identities = pgTable(
  'identities',
  {
    id: idColumn(),
    pseudonym: text('pseudonym').notNull(),
    platform: text('platform').notNull(),
    ciphertext: text('ciphertext').notNull(),
    iv: text('iv').notNull(),
    tag: text('tag').notNull(),
    keyVersion: integer('key_version').notNull().default(1),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('identities_pseudonym_key').on(t.pseudonym),
    index('identities_last_seen_idx').on(t.lastSeenAt),
  ],
);

export const ITEM_DISTRICT_VIA = ['gazetteer', 'source'] as const;

/** Which districts an item concerns, and how we know: a place name in the text, or its source. */
export const itemDistricts = pgTable(
  'item_districts',
  {
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    districtId: text('district_id')
      .notNull()
      .references(() => districts.id),
    via: text('via', { enum: ITEM_DISTRICT_VIA }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.districtId] }),
    index('item_districts_district_idx').on(t.districtId, t.itemId),
    oneOf('item_districts_via_check', t.via, ITEM_DISTRICT_VIA),
  ],
);
