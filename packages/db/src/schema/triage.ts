import { bigint, boolean, index, jsonb, pgTable, real, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { clusters, items } from './items.js';
import { scores } from './scoring.js';
import { users } from './users.js';

export const SIGNAL_STATUSES = ['new', 'in_review', 'dismissed', 'escalated', 'linked', 'closed'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/**
 * What an analyst triages: one signal per near-duplicate cluster, shown through its representative
 * item. `priority` only orders the queue; a person decides. The queue reads
 * `where status = $1 order by priority desc, id desc` with keyset paging on (priority, id).
 */
export const signals = pgTable(
  'signals',
  {
    id: idColumn(),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id),
    scoreId: text('score_id').references(() => scores.id, { onDelete: 'set null' }),
    status: text('status', { enum: SIGNAL_STATUSES }).notNull().default('new'),
    priority: real('priority').notNull().default(0),
    category: text('category'),
    uncertain: boolean('uncertain').notNull().default(false),
    assigneeId: text('assignee_id').references(() => users.id),
    assignedAt: tstz('assigned_at'),
    firstReviewedAt: tstz('first_reviewed_at'),
    dismissReason: text('dismiss_reason'),
    closedAt: tstz('closed_at'),
    legalHold: boolean('legal_hold').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('signals_cluster_key').on(t.clusterId),
    index('signals_queue_idx').on(t.status, t.priority.desc(), t.id.desc()),
    // The queue filtered by category walks this in order instead of sorting every signal of the
    // status (docs/performance.md, Workbench).
    index('signals_queue_category_idx').on(t.status, t.category, t.priority.desc(), t.id.desc()),
    index('signals_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('signals_assignee_idx').on(t.assigneeId, t.status),
    index('signals_item_idx').on(t.itemId),
    index('signals_score_idx').on(t.scoreId),
    index('signals_category_idx').on(t.category, t.createdAt),
    oneOf('signals_status_check', t.status, SIGNAL_STATUSES),
  ],
);

/**
 * An analyst's judgement on an item, the classifier's training data. One label per person per item:
 * changing one's mind updates the row (the audit trail keeps the earlier answer).
 */
export const labels = pgTable(
  'labels',
  {
    id: idColumn(),
    signalId: text('signal_id').references(() => signals.id, { onDelete: 'set null' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    relevant: boolean('relevant').notNull(),
    correctedCategory: text('corrected_category'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('labels_item_user_key').on(t.itemId, t.userId),
    index('labels_signal_idx').on(t.signalId),
    index('labels_user_idx').on(t.userId),
    index('labels_created_idx').on(t.createdAt),
  ],
);

/** Free-text notes on any entity (signal, narrative, campaign, risk…), named by type and id. */
export const notes = pgTable(
  'notes',
  {
    id: idColumn(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notes_entity_idx').on(t.entityType, t.entityId, t.createdAt),
    index('notes_author_idx').on(t.authorId),
  ],
);

/** A person's named queue filters (the URL query, as data). */
export const savedViews = pgTable(
  'saved_views',
  {
    id: idColumn(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('saved_views_user_name_key').on(t.userId, t.name)],
);

/**
 * Each time a person opens a signal, for the wellbeing counter (exposure per day against the user's
 * soft limit). A plain log, so an identity key rather than a prefixed id.
 */
export const signalOpens = pgTable(
  'signal_opens',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    signalId: text('signal_id')
      .notNull()
      .references(() => signals.id, { onDelete: 'cascade' }),
    openedAt: tstz('opened_at').notNull().defaultNow(),
  },
  (t) => [
    index('signal_opens_user_idx').on(t.userId, t.openedAt),
    index('signal_opens_signal_idx').on(t.signalId),
  ],
);
