import { index, integer, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { campaigns } from './campaigns.js';
import { createdAt, day, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { contacts, organisations } from './contacts.js';
import { districts } from './geography.js';
import { narratives } from './narratives.js';
import { users } from './users.js';

export const ENGAGEMENT_KINDS = ['meeting', 'workshop', 'event', 'call', 'visit'] as const;
export const TRAINING_SECTORS = [
  'police',
  'education',
  'health',
  'social_care',
  'district_council',
  'voluntary_sector',
] as const;

/** The outreach log: who the team met, about what, and what came of it. */
export const engagements = pgTable(
  'engagements',
  {
    id: idColumn(),
    kind: text('kind', { enum: ENGAGEMENT_KINDS }).notNull(),
    title: text('title').notNull(),
    occurredOn: day('occurred_on').notNull(),
    districtId: text('district_id').references(() => districts.id),
    topics: text('topics').array().notNull().default([]),
    notes: text('notes').notNull().default(''),
    outcome: text('outcome'),
    ownerId: text('owner_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('engagements_occurred_idx').on(t.occurredOn, t.id),
    index('engagements_district_idx').on(t.districtId),
    index('engagements_owner_idx').on(t.ownerId),
    oneOf('engagements_kind_check', t.kind, ENGAGEMENT_KINDS),
  ],
);

const engagementRef = () =>
  text('engagement_id')
    .notNull()
    .references(() => engagements.id, { onDelete: 'cascade' });

export const engagementOrganisations = pgTable(
  'engagement_organisations',
  {
    engagementId: engagementRef(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.engagementId, t.organisationId] }),
    index('engagement_organisations_organisation_idx').on(t.organisationId),
  ],
);

export const engagementContacts = pgTable(
  'engagement_contacts',
  {
    engagementId: engagementRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.engagementId, t.contactId] }),
    index('engagement_contacts_contact_idx').on(t.contactId),
  ],
);

export const engagementNarratives = pgTable(
  'engagement_narratives',
  {
    engagementId: engagementRef(),
    narrativeId: text('narrative_id')
      .notNull()
      .references(() => narratives.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.engagementId, t.narrativeId] }),
    index('engagement_narratives_narrative_idx').on(t.narrativeId),
  ],
);

export const engagementCampaigns = pgTable(
  'engagement_campaigns',
  {
    engagementId: engagementRef(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.engagementId, t.campaignId] }),
    index('engagement_campaigns_campaign_idx').on(t.campaignId),
  ],
);

export const followUps = pgTable(
  'follow_ups',
  {
    id: idColumn(),
    engagementId: engagementRef(),
    description: text('description').notNull(),
    ownerId: text('owner_id').references(() => users.id),
    dueOn: day('due_on'),
    doneAt: tstz('done_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('follow_ups_engagement_idx').on(t.engagementId),
    index('follow_ups_owner_idx').on(t.ownerId, t.doneAt),
    index('follow_ups_due_idx').on(t.dueOn),
  ],
);

/** Prevent awareness training delivered to partner sectors; counts only, no attendee names. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: idColumn(),
    deliveredOn: day('delivered_on').notNull(),
    module: text('module').notNull(),
    sector: text('sector', { enum: TRAINING_SECTORS }).notNull(),
    districtId: text('district_id').references(() => districts.id),
    attendees: integer('attendees').notNull().default(0),
    /** Mean feedback on a 1–5 scale, to one decimal place. */
    feedbackScore: numeric('feedback_score', { precision: 3, scale: 2 }),
    trainerId: text('trainer_id').references(() => users.id),
    trainer: text('trainer'),
    notes: text('notes').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('training_sessions_delivered_idx').on(t.deliveredOn),
    index('training_sessions_district_idx').on(t.districtId),
    oneOf('training_sessions_sector_check', t.sector, TRAINING_SECTORS),
  ],
);
