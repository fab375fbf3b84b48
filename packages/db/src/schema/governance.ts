import { index, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { between, createdAt, day, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { districts } from './geography.js';
import { narratives } from './narratives.js';
import { sources } from './sources.js';
import { users } from './users.js';

export const RISK_STATUSES = ['open', 'treating', 'tolerated', 'closed'] as const;
export const PLAN_ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export const RISK_LINK_TYPES = ['narrative', 'space', 'campaign'] as const;
export const SPACE_KINDS = ['online', 'offline'] as const;
export const RISK_RATINGS = ['low', 'medium', 'high'] as const;
export const SPACE_STATUSES = ['active', 'monitoring', 'closed'] as const;
export const SPACE_ACTION_KINDS = ['platform_report', 'venue_conversation', 'monitoring'] as const;

/** The locality risk register. A null district is a county-wide risk. */
export const risks = pgTable(
  'risks',
  {
    id: idColumn(),
    districtId: text('district_id').references(() => districts.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    likelihood: smallint('likelihood').notNull(),
    impact: smallint('impact').notNull(),
    ownerId: text('owner_id').references(() => users.id),
    status: text('status', { enum: RISK_STATUSES }).notNull().default('open'),
    reviewOn: day('review_on'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('risks_district_idx').on(t.districtId),
    index('risks_review_idx').on(t.reviewOn),
    between('risks_likelihood_range', t.likelihood, 1, 5),
    between('risks_impact_range', t.impact, 1, 5),
    oneOf('risks_status_check', t.status, RISK_STATUSES),
  ],
);

/** Mitigations as partnership-plan actions. */
export const planActions = pgTable(
  'plan_actions',
  {
    id: idColumn(),
    riskId: text('risk_id').references(() => risks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerId: text('owner_id').references(() => users.id),
    dueOn: day('due_on'),
    status: text('status', { enum: PLAN_ACTION_STATUSES }).notNull().default('not_started'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('plan_actions_risk_idx').on(t.riskId),
    index('plan_actions_due_idx').on(t.status, t.dueOn),
    oneOf('plan_actions_status_check', t.status, PLAN_ACTION_STATUSES),
  ],
);

export const riskLinks = pgTable(
  'risk_links',
  {
    riskId: text('risk_id')
      .notNull()
      .references(() => risks.id, { onDelete: 'cascade' }),
    entityType: text('entity_type', { enum: RISK_LINK_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.riskId, t.entityType, t.entityId] }),
    index('risk_links_entity_idx').on(t.entityType, t.entityId),
    oneOf('risk_links_type_check', t.entityType, RISK_LINK_TYPES),
  ],
);

/**
 * The register of places (online groups and channels, offline venues) where harmful narratives
 * circulate. An online space may be watched through a source.
 */
export const spaces = pgTable(
  'spaces',
  {
    id: idColumn(),
    kind: text('kind', { enum: SPACE_KINDS }).notNull(),
    name: text('name').notNull(),
    platform: text('platform'),
    url: text('url'),
    address: text('address'),
    districtId: text('district_id').references(() => districts.id),
    riskRating: text('risk_rating', { enum: RISK_RATINGS }).notNull().default('medium'),
    status: text('status', { enum: SPACE_STATUSES }).notNull().default('active'),
    sourceId: text('source_id').references(() => sources.id, { onDelete: 'set null' }),
    notes: text('notes').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('spaces_district_idx').on(t.districtId),
    index('spaces_source_idx').on(t.sourceId),
    oneOf('spaces_kind_check', t.kind, SPACE_KINDS),
    oneOf('spaces_risk_rating_check', t.riskRating, RISK_RATINGS),
    oneOf('spaces_status_check', t.status, SPACE_STATUSES),
  ],
);

export const spaceNarratives = pgTable(
  'space_narratives',
  {
    spaceId: text('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    narrativeId: text('narrative_id')
      .notNull()
      .references(() => narratives.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.spaceId, t.narrativeId] }),
    index('space_narratives_narrative_idx').on(t.narrativeId),
  ],
);

export const spaceActions = pgTable(
  'space_actions',
  {
    id: idColumn(),
    spaceId: text('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: SPACE_ACTION_KINDS }).notNull(),
    note: text('note').notNull().default(''),
    at: tstz('at').notNull().defaultNow(),
    byId: text('by_id').references(() => users.id),
  },
  (t) => [
    index('space_actions_space_idx').on(t.spaceId, t.at),
    oneOf('space_actions_kind_check', t.kind, SPACE_ACTION_KINDS),
  ],
);
