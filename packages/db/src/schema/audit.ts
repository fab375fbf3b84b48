import { bigint, boolean, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, oneOf, tstz } from './columns.js';
import { users } from './users.js';

/**
 * The append-only audit chain. `seq` is dense (1, 2, 3…) so a deleted row shows as a gap; `hash`
 * covers the row and `prev_hash`, so an edited row breaks the chain from that point on.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: tstz('at').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    change: jsonb('change').notNull(),
    digest: text('digest').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_log_seq_key').on(t.seq),
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.seq),
    index('audit_log_actor_idx').on(t.actorId, t.seq),
    // The filter's list of actions is read by skipping from one action to the next on this index,
    // and an action filter finds its rows here instead of reading the whole trail.
    index('audit_log_action_idx').on(t.action, t.seq),
  ],
);

export const AUDIT_VERIFICATION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/**
 * Full walks of the audit chain (the daily check, or one a person asked for), with their progress.
 * A finished walk that found the chain intact names the last entry it covered (`through_seq`,
 * `through_hash`): the audit page then only has to check that entry still carries that hash and
 * walk the entries written since, instead of re-hashing the whole trail on every view. The verdict
 * is also written into the chain itself (`audit.verified`), so it is as tamper-evident as the rest.
 */
export const auditVerifications = pgTable(
  'audit_verifications',
  {
    id: idColumn(),
    status: text('status', { enum: AUDIT_VERIFICATION_STATUSES }).notNull().default('queued'),
    /** The person who asked for it; null for the daily check. */
    requestedBy: text('requested_by').references(() => users.id),
    requestedAt: tstz('requested_at').notNull().defaultNow(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    /** Entries in the chain when the walk started (what it will cover), and how many it has checked. */
    totalRows: bigint('total_rows', { mode: 'number' }),
    checkedRows: bigint('checked_rows', { mode: 'number' }).notNull().default(0),
    ok: boolean('ok'),
    throughSeq: bigint('through_seq', { mode: 'number' }),
    throughHash: text('through_hash'),
    brokenSeq: bigint('broken_seq', { mode: 'number' }),
    brokenReason: text('broken_reason'),
    error: text('error'),
  },
  (t) => [
    index('audit_verifications_requested_idx').on(t.requestedAt),
    index('audit_verifications_finished_idx').on(t.finishedAt),
    oneOf('audit_verifications_status_check', t.status, AUDIT_VERIFICATION_STATUSES),
  ],
);
