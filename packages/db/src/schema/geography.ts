import {
  type AnyPgColumn,
  boolean,
  doublePrecision,
  index,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, oneOf } from './columns.js';

export const DISTRICT_TIERS = ['county', 'district'] as const;
export const PLACE_KINDS = ['town', 'village', 'ward', 'landmark', 'area'] as const;

/**
 * A two-tier area: one row for the county (tier 'county', no parent) and one per district beneath
 * it. `code` is an ONS-style GSS code, kept so real deployments can join official statistics.
 */
export const districts = pgTable(
  'districts',
  {
    id: idColumn(),
    parentId: text('parent_id').references((): AnyPgColumn => districts.id),
    tier: text('tier', { enum: DISTRICT_TIERS }).notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('districts_slug_key').on(t.slug),
    index('districts_parent_idx').on(t.parentId),
    oneOf('districts_tier_check', t.tier, DISTRICT_TIERS),
  ],
);

/**
 * The gazetteer that turns place names in text into districts. `normalisedName` is lower-cased with
 * punctuation folded (the matcher's key); `ambiguous` marks names that are also common words
 * ("Reading", "March") so the matcher demands context before trusting them.
 */
export const places = pgTable(
  'places',
  {
    id: idColumn(),
    districtId: text('district_id')
      .notNull()
      .references(() => districts.id),
    name: text('name').notNull(),
    normalisedName: text('normalised_name').notNull(),
    kind: text('kind', { enum: PLACE_KINDS }).notNull(),
    aliases: text('aliases').array().notNull().default([]),
    ambiguous: boolean('ambiguous').notNull().default(false),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    createdAt: createdAt(),
  },
  (t) => [
    index('places_district_idx').on(t.districtId),
    uniqueIndex('places_district_name_key').on(t.districtId, t.normalisedName),
    index('places_normalised_name_idx').on(t.normalisedName),
    oneOf('places_kind_check', t.kind, PLACE_KINDS),
  ],
);
