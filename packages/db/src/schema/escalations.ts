import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { districts } from './geography.js';
import { spaces } from './governance.js';
import { identityReveals } from './privacy.js';
import { signals } from './triage.js';
import { users } from './users.js';

export const ROUTE_KINDS = [
  'platform_report',
  'ct_policing',
  'safeguarding_lead',
  'partnership_board',
] as const;
export const ESCALATION_STATUSES = ['sent', 'acknowledged', 'closed'] as const;
export const CONTENT_STATUSES = ['online', 'removed', 'unknown'] as const;

/**
 * The agreed referral pathways: who to send what to, for which category and district, and how fast
 * they are expected to answer. A null category or district means "any".
 */
export const escalationRoutes = pgTable(
  'escalation_routes',
  {
    id: idColumn(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ROUTE_KINDS }).notNull(),
    category: text('category'),
    districtId: text('district_id').references(() => districts.id),
    contact: text('contact').notNull(),
    expectedResponseHours: integer('expected_response_hours').notNull(),
    packageContents: text('package_contents').array().notNull().default([]),
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('escalation_routes_district_idx').on(t.districtId),
    oneOf('escalation_routes_kind_check', t.kind, ROUTE_KINDS),
  ],
);

/**
 * A signal sent down a route, with the minimal package that went (no identity unless `reveal_id`
 * names an approved reveal) and what happened next, including whether the content is still online.
 */
export const escalations = pgTable(
  'escalations',
  {
    id: idColumn(),
    signalId: text('signal_id')
      .notNull()
      .references(() => signals.id),
    routeId: text('route_id')
      .notNull()
      .references(() => escalationRoutes.id),
    spaceId: text('space_id').references(() => spaces.id, { onDelete: 'set null' }),
    revealId: text('reveal_id').references(() => identityReveals.id),
    reason: text('reason').notNull(),
    decidedBy: text('decided_by')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ESCALATION_STATUSES }).notNull().default('sent'),
    outcome: text('outcome'),
    package: jsonb('package').$type<Record<string, unknown>>().notNull(),
    sentAt: tstz('sent_at').notNull().defaultNow(),
    acknowledgedAt: tstz('acknowledged_at'),
    closedAt: tstz('closed_at'),
    contentUrl: text('content_url'),
    contentStatus: text('content_status', { enum: CONTENT_STATUSES }).notNull().default('unknown'),
    lastCheckedAt: tstz('last_checked_at'),
    removedAt: tstz('removed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('escalations_signal_idx').on(t.signalId),
    index('escalations_route_idx').on(t.routeId),
    index('escalations_space_idx').on(t.spaceId),
    index('escalations_status_idx').on(t.status, t.sentAt),
    index('escalations_recheck_idx').on(t.contentStatus, t.lastCheckedAt),
    oneOf('escalations_status_check', t.status, ESCALATION_STATUSES),
    oneOf('escalations_content_status_check', t.contentStatus, CONTENT_STATUSES),
  ],
);
