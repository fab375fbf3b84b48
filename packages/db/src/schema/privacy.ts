import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { identities } from './items.js';
import { users } from './users.js';

export const REVEAL_STATUSES = ['requested', 'approved', 'refused', 'expired'] as const;
export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/**
 * A request to see the real identity behind a pseudonym. A supervisor other than the requester
 * decides; an approved reveal shows the identity to the requester until `expires_at`.
 */
export const identityReveals = pgTable(
  'identity_reveals',
  {
    id: idColumn(),
    identityId: text('identity_id').references(() => identities.id, { onDelete: 'set null' }),
    pseudonym: text('pseudonym').notNull(),
    requesterId: text('requester_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose').notNull(),
    status: text('status', { enum: REVEAL_STATUSES }).notNull().default('requested'),
    approverId: text('approver_id').references(() => users.id),
    decisionNote: text('decision_note'),
    decidedAt: tstz('decided_at'),
    expiresAt: tstz('expires_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('identity_reveals_pseudonym_idx').on(t.pseudonym),
    index('identity_reveals_status_idx').on(t.status, t.createdAt),
    index('identity_reveals_requester_idx').on(t.requesterId),
    oneOf('identity_reveals_status_check', t.status, REVEAL_STATUSES),
  ],
);

/**
 * How long each class of data is kept, in days; null means the class has no age limit of its own
 * (identities go with their items; the audit log is kept).
 */
export const retentionPolicies = pgTable('retention_policies', {
  dataClass: text('data_class').primaryKey(),
  days: integer('days'),
  description: text('description').notNull(),
  updatedAt: updatedAt(),
  updatedBy: text('updated_by').references(() => users.id),
});

export const RETENTION_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/**
 * One receipt per retention run, dry or real, with counts per data class. A real run records what
 * it planned to remove first (`planned`), so its progress can be shown while `counts` grows batch
 * by batch; `cutoffs` keeps the dates it worked to, so a receipt can be read on its own later.
 */
export const retentionRuns = pgTable(
  'retention_runs',
  {
    id: idColumn(),
    dryRun: boolean('dry_run').notNull(),
    status: text('status', { enum: RETENTION_RUN_STATUSES }).notNull().default('done'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    planned: jsonb('planned').$type<Record<string, number>>(),
    cutoffs: jsonb('cutoffs').$type<Record<string, string | null>>(),
    error: text('error'),
    byId: text('by_id').references(() => users.id),
  },
  (t) => [
    index('retention_runs_started_idx').on(t.startedAt),
    oneOf('retention_runs_status_check', t.status, RETENTION_RUN_STATUSES),
  ],
);

/** Holds that retention must respect, on any entity. Released holds stay for the record. */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: idColumn(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: text('placed_by').references(() => users.id),
    placedAt: tstz('placed_at').notNull().defaultNow(),
    releasedBy: text('released_by').references(() => users.id),
    releasedAt: tstz('released_at'),
  },
  (t) => [
    index('legal_holds_entity_idx')
      .on(t.entityType, t.entityId)
      .where(sql`${t.releasedAt} is null`),
  ],
);

/** Workspace settings (fusion thresholds, wellbeing limits…) as small JSON values. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
  updatedBy: text('updated_by').references(() => users.id),
});

/** Long-running imports (CSV of contacts, lexicon terms, items) with progress to display. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: idColumn(),
    kind: text('kind').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
    fileName: text('file_name'),
    processed: integer('processed').notNull().default(0),
    total: integer('total'),
    errors: jsonb('errors').$type<Array<{ row?: number; message: string }>>().notNull().default([]),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
  },
  (t) => [
    index('import_jobs_created_idx').on(t.createdAt),
    oneOf('import_jobs_status_check', t.status, IMPORT_STATUSES),
  ],
);
