import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { between, createdAt, day, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { items } from './items.js';
import { users } from './users.js';

/** Harm categories a term or score can carry. Kept as data (no CHECK) so partnerships can add one. */
export const CATEGORIES = ['extreme_right', 'islamist', 'conspiracy', 'anti_minority', 'violence'] as const;
export const MATCH_MODES = ['word', 'phrase', 'stem', 'pattern'] as const;
export const TERM_STATUSES = ['active', 'under_review', 'retired'] as const;
export const LEXICON_VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;
export const MODEL_STATUSES = ['candidate', 'active', 'retired'] as const;
export const SCORE_BANDS = ['signal', 'uncertain', 'below'] as const;

export const lexicons = pgTable(
  'lexicons',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The version the scorer uses now; older scores keep the version they were made with. */
    activeVersionId: text('active_version_id').references((): AnyPgColumn => lexiconVersions.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('lexicons_slug_key').on(t.slug)],
);

/** Every change to a lexicon makes a new version: terms are copied forward, never edited in place. */
export const lexiconVersions = pgTable(
  'lexicon_versions',
  {
    id: idColumn(),
    lexiconId: text('lexicon_id')
      .notNull()
      .references(() => lexicons.id),
    number: integer('number').notNull(),
    status: text('status', { enum: LEXICON_VERSION_STATUSES }).notNull().default('draft'),
    createdBy: text('created_by').references(() => users.id),
    note: text('note').notNull().default(''),
    termCount: integer('term_count').notNull().default(0),
    createdAt: createdAt(),
    publishedAt: tstz('published_at'),
    publishedBy: text('published_by').references(() => users.id),
  },
  (t) => [
    unique('lexicon_versions_number_key').on(t.lexiconId, t.number),
    oneOf('lexicon_versions_status_check', t.status, LEXICON_VERSION_STATUSES),
  ],
);

/**
 * One term in one version. `termKey` is stable across versions so a term's history can be followed
 * (and a retired term told apart from a new one with the same phrase). Context rules: `suppressNear`
 * words within `window` tokens cancel the match (counter-speech: "report", "condemn"); when
 * `requireAny` is non-empty one of those words must occur within the window.
 */
export const lexiconTerms = pgTable(
  'lexicon_terms',
  {
    id: idColumn(),
    versionId: text('version_id')
      .notNull()
      .references(() => lexiconVersions.id, { onDelete: 'cascade' }),
    termKey: text('term_key').notNull(),
    phrase: text('phrase').notNull(),
    matchMode: text('match_mode', { enum: MATCH_MODES }).notNull().default('phrase'),
    weight: real('weight').notNull(),
    category: text('category').notNull(),
    language: text('language').notNull().default('en'),
    suppressNear: text('suppress_near').array().notNull().default([]),
    requireAny: text('require_any').array().notNull().default([]),
    window: integer('window').notNull().default(8),
    ownerId: text('owner_id').references(() => users.id),
    rationale: text('rationale').notNull().default(''),
    reviewOn: day('review_on'),
    status: text('status', { enum: TERM_STATUSES }).notNull().default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('lexicon_terms_version_key').on(t.versionId, t.termKey),
    index('lexicon_terms_key_idx').on(t.termKey),
    oneOf('lexicon_terms_mode_check', t.matchMode, MATCH_MODES),
    oneOf('lexicon_terms_status_check', t.status, TERM_STATUSES),
  ],
);

/** Trained classifier versions with their evaluation; at most one is active. */
export const classifierModels = pgTable(
  'classifier_models',
  {
    id: idColumn(),
    version: integer('version').notNull(),
    status: text('status', { enum: MODEL_STATUSES }).notNull().default('candidate'),
    /** What it was trained on: label counts per class, date range, lexicon version, seed. */
    trainingData: jsonb('training_data').$type<Record<string, unknown>>().notNull().default({}),
    /** Held-out evaluation: accuracy, macro F1, per-class precision/recall/F1. */
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
    /** The serialised model (sparse weights, vocabulary); small enough to keep in the row. */
    artefact: jsonb('artefact').$type<Record<string, unknown>>().notNull().default({}),
    labelCount: integer('label_count').notNull().default(0),
    trainedAt: tstz('trained_at').notNull().defaultNow(),
    trainedBy: text('trained_by').references(() => users.id),
    activatedAt: tstz('activated_at'),
    activatedBy: text('activated_by').references(() => users.id),
    retiredAt: tstz('retired_at'),
  },
  (t) => [
    uniqueIndex('classifier_models_version_key').on(t.version),
    uniqueIndex('classifier_models_one_active')
      .on(t.status)
      .where(sql`${t.status} = 'active'`),
    oneOf('classifier_models_status_check', t.status, MODEL_STATUSES),
  ],
);

/**
 * A score with its provenance. Unique on (item, lexicon version, model), NULLS NOT DISTINCT so a
 * lexicon-only score (no model yet) is also unique: rescoring under a new lexicon or model adds a
 * row rather than overwriting, so old scores keep the versions they were made with and the signal
 * page can show how a score changed. The signal points at the score it currently uses.
 */
export const scores = pgTable(
  'scores',
  {
    id: idColumn(),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    lexiconVersionId: text('lexicon_version_id')
      .notNull()
      .references(() => lexiconVersions.id),
    modelId: text('model_id').references(() => classifierModels.id),
    lexiconScore: real('lexicon_score').notNull(),
    classifierProbability: real('classifier_probability'),
    category: text('category'),
    score: integer('score').notNull(),
    band: text('band', { enum: SCORE_BANDS }).notNull(),
    thresholds: jsonb('thresholds').$type<{ signal: number; uncertain: number }>().notNull(),
    /** Matched spans: { start, end, term, termKey, category, weight }[]. */
    evidence: jsonb('evidence').$type<Array<Record<string, unknown>>>().notNull().default([]),
    features: jsonb('features').$type<Record<string, unknown>>().notNull().default({}),
    /** Set on the latest score of an item, so lists can join it without a lateral subquery. */
    current: boolean('current').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    unique('scores_provenance_key').on(t.itemId, t.lexiconVersionId, t.modelId).nullsNotDistinct(),
    index('scores_item_idx').on(t.itemId, t.createdAt),
    index('scores_band_idx').on(t.band, t.createdAt),
    index('scores_model_idx').on(t.modelId),
    index('scores_lexicon_version_idx').on(t.lexiconVersionId),
    between('scores_score_range', t.score, 0, 100),
    oneOf('scores_band_check', t.band, SCORE_BANDS),
  ],
);
