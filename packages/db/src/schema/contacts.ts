import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, day, idColumn, oneOf, tstz, updatedAt } from './columns.js';
import { districts } from './geography.js';
import { users } from './users.js';

export const ORGANISATION_KINDS = [
  'community_group',
  'faith_group',
  'youth_group',
  'school',
  'business',
  'voluntary',
  'public_body',
] as const;
export const LAWFUL_BASES = ['consent', 'public_task', 'legitimate_interests'] as const;

export const organisations = pgTable(
  'organisations',
  {
    id: idColumn(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    districtId: text('district_id').references(() => districts.id),
    notes: text('notes').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('organisations_district_idx').on(t.districtId),
    index('organisations_name_idx').on(t.name),
    oneOf('organisations_kind_check', t.kind, ORGANISATION_KINDS),
  ],
);

/**
 * Community contacts, held on a recorded lawful basis. Deliberately no special-category fields
 * (faith, ethnicity, politics): an organisation's kind says enough. Erasure blanks the personal
 * fields and sets `erased_at`, keeping the row so engagement history still adds up.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: idColumn(),
    organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    role: text('role'),
    email: text('email'),
    phone: text('phone'),
    contactPreference: text('contact_preference'),
    lawfulBasis: text('lawful_basis', { enum: LAWFUL_BASES }).notNull(),
    consentGivenOn: day('consent_given_on'),
    consentExpiresOn: day('consent_expires_on'),
    districtId: text('district_id').references(() => districts.id),
    /** Who looks after the relationship; consent-expiry tasks are raised for them. */
    ownerId: text('owner_id').references(() => users.id),
    erasedAt: tstz('erased_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_organisation_idx').on(t.organisationId),
    index('contacts_district_idx').on(t.districtId),
    index('contacts_consent_expiry_idx').on(t.consentExpiresOn),
    index('contacts_owner_idx').on(t.ownerId),
    // CSV import de-duplicates on the normalised e-mail address.
    index('contacts_email_idx').on(sql`lower(${t.email})`),
    oneOf('contacts_lawful_basis_check', t.lawfulBasis, LAWFUL_BASES),
  ],
);

/**
 * Things someone must do, raised by the system (a consent about to expire) or by people. One open
 * task per (kind, entity) so a daily job can raise them idempotently.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: idColumn(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    dueOn: day('due_on'),
    assigneeId: text('assignee_id').references(() => users.id),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    doneAt: tstz('done_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('tasks_assignee_idx').on(t.assigneeId, t.doneAt),
    index('tasks_due_idx').on(t.dueOn),
    uniqueIndex('tasks_open_once')
      .on(t.kind, t.entityType, t.entityId)
      .where(sql`${t.doneAt} is null`),
  ],
);
