import {
  newId,
  normaliseName,
  parseContactsCsv,
  serialiseContactsCsv,
  type ContactCsvIssue,
  type ContactCsvRow,
  type ContactInput,
  type OrganisationKind,
} from '@counterpoint/core';
import { desc, eq, isNull } from 'drizzle-orm';
import { appendAudit, mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { contacts, organisations } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { contactAuditChange, listContacts, type ContactFilter } from './contacts.js';

/** More rows than this is a data migration, not an upload; it is refused before anything is read. */
export const MAX_CONTACT_IMPORT_ROWS = 5000;

export interface ContactImportReport {
  fatal: string | null;
  created: Array<{ line: number; id: string; name: string }>;
  updated: Array<{ line: number; id: string; name: string }>;
  /** Lines that matched and changed nothing, or repeat an earlier line of the file. */
  skipped: ContactCsvIssue[];
  /** Lines that could not be read or failed validation: nothing from them was stored. */
  invalid: ContactCsvIssue[];
  organisationsCreated: string[];
  ignoredColumns: string[];
}

type Existing = Pick<
  typeof contacts.$inferSelect,
  | 'id'
  | 'name'
  | 'role'
  | 'email'
  | 'phone'
  | 'contactPreference'
  | 'lawfulBasis'
  | 'consentGivenOn'
  | 'consentExpiresOn'
  | 'organisationId'
  | 'districtId'
  | 'ownerId'
>;

const FIELDS = [
  'name',
  'role',
  'email',
  'phone',
  'contactPreference',
  'lawfulBasis',
  'consentGivenOn',
  'consentExpiresOn',
  'organisationId',
  'districtId',
  'ownerId',
] as const;

/**
 * A row merged onto an existing contact: cells left blank keep what is stored, so a partial sheet
 * does not wipe details, and a name differing only in case or spacing keeps its stored spelling.
 * Consent dates go when the basis is no longer consent.
 */
function merge(existing: Existing, row: ContactInput): ContactInput {
  const out = { ...existing } as unknown as ContactInput;
  for (const f of FIELDS) {
    const v = row[f];
    if (v !== null && f !== 'ownerId') (out as unknown as Record<string, unknown>)[f] = v;
  }
  // "jean hart" matching "Jean Hart" is the same name; keep the spelling already stored.
  if (normaliseName(row.name) === normaliseName(existing.name)) out.name = existing.name;
  if (out.lawfulBasis !== 'consent') {
    out.consentGivenOn = null;
    out.consentExpiresOn = null;
  }
  return out;
}

function same(a: ContactInput, b: Existing): boolean {
  return FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));
}

/**
 * Imports contacts from CSV. Bad lines are reported with their line number and reason and the
 * rest are stored; a contact is matched by normalised e-mail, else by name within the same
 * organisation. Unknown organisations are created. All of it is one transaction with an audit row
 * per contact, so a database failure stores nothing rather than half a file.
 */
export async function importContactsCsv(
  db: Db,
  actor: Actor,
  text: string,
  today: string,
): Promise<ContactImportReport> {
  const districtRows = await db
    .select({ id: districts.id, name: districts.name, slug: districts.slug })
    .from(districts);
  const parsed = parseContactsCsv(text, { today, districts: districtRows });
  const report: ContactImportReport = {
    fatal: parsed.fatal,
    created: [],
    updated: [],
    skipped: [...parsed.duplicates],
    invalid: parsed.invalid,
    organisationsCreated: [],
    ignoredColumns: parsed.ignoredColumns,
  };
  if (parsed.fatal) return report;
  if (parsed.rows.length + parsed.invalid.length + parsed.duplicates.length > MAX_CONTACT_IMPORT_ROWS) {
    return {
      ...report,
      skipped: [],
      invalid: [],
      fatal: `The file has more than ${MAX_CONTACT_IMPORT_ROWS} rows; split it into smaller files.`,
    };
  }
  if (parsed.rows.length === 0) return report;

  await db.transaction(async (tx) => {
    const orgByName = new Map<string, string>();
    for (const o of await tx.select({ id: organisations.id, name: organisations.name }).from(organisations))
      orgByName.set(normaliseName(o.name), o.id);
    const existing = await tx
      .select({
        id: contacts.id,
        name: contacts.name,
        role: contacts.role,
        email: contacts.email,
        phone: contacts.phone,
        contactPreference: contacts.contactPreference,
        lawfulBasis: contacts.lawfulBasis,
        consentGivenOn: contacts.consentGivenOn,
        consentExpiresOn: contacts.consentExpiresOn,
        organisationId: contacts.organisationId,
        districtId: contacts.districtId,
        ownerId: contacts.ownerId,
      })
      .from(contacts)
      .where(isNull(contacts.erasedAt))
      // Newest first, so that where the table already holds duplicates the oldest one is indexed last
      // and wins.
      .orderBy(desc(contacts.createdAt), desc(contacts.id));
    // Keys by organisation id, not name, so a renamed organisation still matches.
    const byEmail = new Map<string, Existing>();
    const byNameAnyEmail = new Map<string, Existing>();
    const byNameNoEmail = new Map<string, Existing>();
    const nameKey = (name: string, orgId: string | null) => `${normaliseName(name)}|${orgId ?? ''}`;
    const index = (c: Existing) => {
      if (c.email) byEmail.set(c.email.trim().toLowerCase(), c);
      byNameAnyEmail.set(nameKey(c.name, c.organisationId), c);
      if (!c.email) byNameNoEmail.set(nameKey(c.name, c.organisationId), c);
    };
    for (const c of existing) index(c);

    const organisationFor = async (row: ContactCsvRow): Promise<string | null> => {
      if (!row.organisation) return null;
      const key = normaliseName(row.organisation.name);
      const known = orgByName.get(key);
      if (known) return known;
      const id = newId('organisation');
      const kind: OrganisationKind = row.organisation.kind ?? 'community_group';
      await tx.insert(organisations).values({
        id,
        name: row.organisation.name,
        kind,
        districtId: row.contact.districtId,
      });
      await appendAudit(tx, actor, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: id,
        change: {
          name: row.organisation.name,
          kind,
          districtId: row.contact.districtId,
          source: 'csv import',
        },
      });
      orgByName.set(key, id);
      report.organisationsCreated.push(row.organisation.name);
      return id;
    };

    for (const row of parsed.rows) {
      const organisationId = await organisationFor(row);
      const input: ContactInput = { ...row.contact, organisationId, ownerId: null };
      const match = input.email
        ? byEmail.get(input.email)
        : byNameAnyEmail.get(nameKey(input.name, organisationId));
      // A row with an e-mail may still be someone recorded earlier without one.
      const fallback = input.email ? byNameNoEmail.get(nameKey(input.name, organisationId)) : undefined;
      const target = match ?? fallback;
      const matchedOn = input.email && match ? 'e-mail' : 'name and organisation';
      if (target) {
        const merged = merge(target, input);
        if (same(merged, target)) {
          report.skipped.push({
            line: row.line,
            reason: `already up to date (matched ${target.name} by ${matchedOn})`,
          });
          continue;
        }
        await tx
          .update(contacts)
          .set({ ...merged, updatedAt: new Date() })
          .where(eq(contacts.id, target.id));
        await appendAudit(tx, actor, {
          action: 'contact.updated',
          entityType: 'contact',
          entityId: target.id,
          change: {
            ...contactAuditChange(target, merged),
            source: 'csv import',
            line: row.line,
          },
        });
        const updated: Existing = { ...target, ...merged };
        index(updated);
        report.updated.push({ line: row.line, id: target.id, name: merged.name });
        continue;
      }
      const id = newId('contact');
      const values = { ...input, ownerId: actor.id };
      await tx.insert(contacts).values({ id, ...values });
      await appendAudit(tx, actor, {
        action: 'contact.created',
        entityType: 'contact',
        entityId: id,
        change: { ...contactAuditChange(null, values), source: 'csv import', line: row.line },
      });
      index({ id, ...values });
      report.created.push({ line: row.line, id, name: input.name });
    }
  });
  report.skipped.sort((a, b) => a.line - b.line);
  return report;
}

/**
 * The contacts a filter shows, as CSV for a spreadsheet (formula-guarded). The export is audited
 * with its filter and row count: it takes personal data out of the workbench.
 */
export async function exportContactsCsv(db: Db, actor: Actor, filter: ContactFilter): Promise<string> {
  const rows = await listContacts(db, filter, 100_000);
  const kinds = new Map(
    (await db.select({ id: organisations.id, kind: organisations.kind }).from(organisations)).map((o) => [
      o.id,
      o.kind,
    ]),
  );
  await mutate(db, actor, () =>
    Promise.resolve({
      result: undefined,
      audit: {
        action: 'contacts.exported',
        entityType: 'contact',
        entityId: 'csv',
        change: { filter, rows: rows.length },
      },
    }),
  );
  return serialiseContactsCsv(
    rows.map((c) => ({
      name: c.name,
      role: c.role ?? '',
      organisation: c.organisation ?? '',
      organisation_kind: c.organisationId ? (kinds.get(c.organisationId) ?? '') : '',
      district: c.district ?? '',
      email: c.email ?? '',
      phone: c.phone ?? '',
      contact_preference: c.contactPreference ?? '',
      lawful_basis: c.lawfulBasis,
      consent_given_on: c.consentGivenOn ?? '',
      consent_expires_on: c.consentExpiresOn ?? '',
    })),
  );
}
