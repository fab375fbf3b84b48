import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, day, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { contacts, organisations } from './contacts.js';
import { districts } from './geography.js';
import { narratives } from './narratives.js';
import { users } from './users.js';

export const CAMPAIGN_STATUSES = [
  'draft',
  'in_review',
  'approved',
  'live',
  'completed',
  'evaluated',
] as const;
export const ACTIVITY_STATUSES = ['planned', 'delivered', 'cancelled'] as const;
export const MESSAGE_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;

/** A counter-narrative campaign: what it is for, who it speaks to, and how. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: idColumn(),
    title: text('title').notNull(),
    objective: text('objective').notNull().default(''),
    audiences: text('audiences').array().notNull().default([]),
    channels: text('channels').array().notNull().default([]),
    keyMessages: text('key_messages').array().notNull().default([]),
    /** Links to assets held elsewhere: { label, url }[]. */
    assets: jsonb('assets').$type<Array<{ label: string; url: string }>>().notNull().default([]),
    ownerId: text('owner_id').references(() => users.id),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
    startsOn: day('starts_on'),
    endsOn: day('ends_on'),
    /** Written at evaluation: what changed, with before/after volumes. */
    evaluation: jsonb('evaluation').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaigns_status_idx').on(t.status, t.startsOn),
    index('campaigns_owner_idx').on(t.ownerId),
    oneOf('campaigns_status_check', t.status, CAMPAIGN_STATUSES),
  ],
);

const campaignRef = () =>
  text('campaign_id')
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' });

export const campaignNarratives = pgTable(
  'campaign_narratives',
  {
    campaignId: campaignRef(),
    narrativeId: text('narrative_id')
      .notNull()
      .references(() => narratives.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.narrativeId] }),
    index('campaign_narratives_narrative_idx').on(t.narrativeId),
  ],
);

export const campaignDistricts = pgTable(
  'campaign_districts',
  {
    campaignId: campaignRef(),
    districtId: text('district_id')
      .notNull()
      .references(() => districts.id),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.districtId] }),
    index('campaign_districts_district_idx').on(t.districtId),
  ],
);

export const campaignOrganisations = pgTable(
  'campaign_organisations',
  {
    campaignId: campaignRef(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.organisationId] }),
    index('campaign_organisations_organisation_idx').on(t.organisationId),
  ],
);

/** Community leaders and partners involved in a campaign. */
export const campaignContacts = pgTable(
  'campaign_contacts',
  {
    campaignId: campaignRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.contactId] }),
    index('campaign_contacts_contact_idx').on(t.contactId),
  ],
);

/** Scheduled things a campaign does; shown on the calendar and fed to ICS. Times are instants. */
export const campaignActivities = pgTable(
  'campaign_activities',
  {
    id: idColumn(),
    campaignId: campaignRef(),
    title: text('title').notNull(),
    channel: text('channel'),
    districtId: text('district_id').references(() => districts.id),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at'),
    status: text('status', { enum: ACTIVITY_STATUSES }).notNull().default('planned'),
    reach: integer('reach'),
    engagement: integer('engagement'),
    ownerId: text('owner_id').references(() => users.id),
    reminderMinutesBefore: integer('reminder_minutes_before'),
    reminderSentAt: tstz('reminder_sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaign_activities_campaign_idx').on(t.campaignId, t.startsAt),
    index('campaign_activities_starts_idx').on(t.startsAt),
    index('campaign_activities_district_idx').on(t.districtId),
    oneOf('campaign_activities_status_check', t.status, ACTIVITY_STATUSES),
  ],
);

/**
 * Message drafts under approval: the author submits, a different person approves or returns them
 * with a comment. The four-eyes rule is checked in the domain function (packages/core campaigns)
 * and again here, so no code path can store a message its own author reviewed.
 */
export const campaignMessages = pgTable(
  'campaign_messages',
  {
    id: idColumn(),
    campaignId: campaignRef(),
    body: text('body').notNull(),
    channel: text('channel'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('draft'),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    reviewerId: text('reviewer_id').references(() => users.id),
    reviewComment: text('review_comment'),
    submittedAt: tstz('submitted_at'),
    reviewedAt: tstz('reviewed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaign_messages_campaign_idx').on(t.campaignId),
    index('campaign_messages_status_idx').on(t.status, t.submittedAt),
    oneOf('campaign_messages_status_check', t.status, MESSAGE_STATUSES),
    check(
      'campaign_messages_four_eyes_check',
      sql`${t.reviewerId} is null or ${t.reviewerId} <> ${t.authorId}`,
    ),
    check(
      'campaign_messages_reviewed_check',
      sql`${t.status} not in ('approved', 'returned') or (${t.reviewerId} is not null and ${t.reviewedAt} is not null)`,
    ),
  ],
);
