import { parseCsv } from '../imports/csv.js';
import { csvDocument, unguardFormula } from '../text/csv.js';
import {
  normaliseContactEmail,
  normaliseName,
  ORGANISATION_KIND_CODES,
  parseContactInput,
  type ContactInput,
  type OrganisationKind,
} from './contact-input.js';

/**
 * Contacts CSV: import with de-duplication and export that a spreadsheet cannot turn into a formula.
 * Parsing is pure: the database side resolves organisations by name and matches existing contacts
 * by the same key this module computes.
 */

export const CONTACT_CSV_COLUMNS = [
  'name',
  'role',
  'organisation',
  'organisation_kind',
  'district',
  'email',
  'phone',
  'contact_preference',
  'lawful_basis',
  'consent_given_on',
  'consent_expires_on',
] as const;
export type ContactCsvColumn = (typeof CONTACT_CSV_COLUMNS)[number];

const REQUIRED: readonly ContactCsvColumn[] = ['name', 'lawful_basis'];

// Headings people actually write, mapped to ours.
const ALIASES: Record<string, ContactCsvColumn> = {
  full_name: 'name',
  e_mail: 'email',
  email_address: 'email',
  organization: 'organisation',
  organisation_name: 'organisation',
  organisation_type: 'organisation_kind',
  telephone: 'phone',
  phone_number: 'phone',
  preference: 'contact_preference',
  basis: 'lawful_basis',
  consent_date: 'consent_given_on',
  consent_given: 'consent_given_on',
  consent_expiry: 'consent_expires_on',
  consent_expires: 'consent_expires_on',
};

function columnOf(heading: string): ContactCsvColumn | null {
  const key = heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if ((CONTACT_CSV_COLUMNS as readonly string[]).includes(key)) return key as ContactCsvColumn;
  return ALIASES[key] ?? null;
}

/** 'Public task' → 'public_task', so codes can be written as words. */
function codeOf(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Spreadsheets write UK dates as 31/01/2027; accept that beside ISO. */
function isoDay(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value.trim();
}

/** How a contact is recognised: its normalised e-mail, else its name with its organisation. */
export function contactKey(
  contact: { name: string; email: string | null },
  organisation: string | null,
): string {
  if (contact.email) return `email:${normaliseContactEmail(contact.email)}`;
  return `name:${normaliseName(contact.name)}|org:${normaliseName(organisation ?? '')}`;
}

export interface DistrictRef {
  id: string;
  name: string;
  slug: string;
}

export interface ContactCsvRow {
  /** File line the row starts on, as a text editor numbers it. */
  line: number;
  contact: ContactInput;
  organisation: { name: string; kind: OrganisationKind | null } | null;
  key: string;
}

export interface ContactCsvIssue {
  line: number;
  reason: string;
}

export interface ContactCsvParse {
  /** Set when the file cannot be read at all (no header, missing required columns). */
  fatal: string | null;
  rows: ContactCsvRow[];
  /** Lines that could not be read or failed validation; nothing from them is stored. */
  invalid: ContactCsvIssue[];
  /** Lines that repeat an earlier line of the same file (same key); the first one wins. */
  duplicates: ContactCsvIssue[];
  ignoredColumns: string[];
}

const FIELD_OF: Partial<Record<ContactCsvColumn, string>> = {
  name: 'name',
  role: 'role',
  email: 'email',
  phone: 'phone',
  contact_preference: 'contactPreference',
  lawful_basis: 'lawfulBasis',
  consent_given_on: 'consentGivenOn',
  consent_expires_on: 'consentExpiresOn',
};

const COLUMN_OF_FIELD: Record<string, string> = Object.fromEntries(
  Object.entries(FIELD_OF).map(([column, field]) => [field, column]),
);

export function parseContactsCsv(
  text: string,
  options: { today: string; districts: readonly DistrictRef[] },
): ContactCsvParse {
  const empty: ContactCsvParse = { fatal: null, rows: [], invalid: [], duplicates: [], ignoredColumns: [] };
  const csv = parseCsv(text);
  if (csv.header.length === 0 || csv.header.every((h) => h === ''))
    return { ...empty, fatal: 'The file is empty: it needs a header row naming the columns.' };
  const columns = csv.header.map(columnOf);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return {
      ...empty,
      fatal: `The header must name the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Expected columns: ${CONTACT_CSV_COLUMNS.join(', ')}.`,
    };
  const ignoredColumns = csv.header.filter((h, i) => h !== '' && columns[i] === null);
  const districtOf = new Map<string, string>();
  for (const d of options.districts) {
    districtOf.set(normaliseName(d.name), d.id);
    districtOf.set(normaliseName(d.slug), d.id);
  }
  const result: ContactCsvParse = { ...empty, ignoredColumns };
  for (const p of csv.problems) result.invalid.push({ line: p.line, reason: p.message });
  const firstLine = new Map<string, number>();

  for (const record of csv.records) {
    const cell = (column: ContactCsvColumn): string => {
      const i = columns.indexOf(column);
      return i < 0 ? '' : unguardFormula(record.cells[i] ?? '').trim();
    };
    const reasons: string[] = [];
    const values: Record<string, string> = {
      name: cell('name'),
      role: cell('role'),
      email: cell('email'),
      phone: cell('phone'),
      contactPreference: cell('contact_preference'),
      lawfulBasis: cell('lawful_basis') ? codeOf(cell('lawful_basis')) : '',
      consentGivenOn: isoDay(cell('consent_given_on')),
      consentExpiresOn: isoDay(cell('consent_expires_on')),
    };
    const districtName = cell('district');
    if (districtName) {
      const id = districtOf.get(normaliseName(districtName));
      if (id) values.districtId = id;
      else reasons.push(`district: "${districtName}" is not a district of the county`);
    }
    const orgName = cell('organisation');
    const kindText = cell('organisation_kind');
    let kind: OrganisationKind | null = null;
    if (kindText) {
      kind = ORGANISATION_KIND_CODES.find((k) => k === codeOf(kindText)) ?? null;
      if (!kind) reasons.push(`organisation_kind: must be one of ${ORGANISATION_KIND_CODES.join(', ')}`);
    }
    const parsed = parseContactInput(values, options.today);
    if (!parsed.ok)
      for (const [field, message] of Object.entries(parsed.errors))
        reasons.push(`${COLUMN_OF_FIELD[field] ?? field}: ${message}`);
    if (reasons.length > 0 || !parsed.ok) {
      result.invalid.push({ line: record.line, reason: reasons.join('; ') });
      continue;
    }
    const organisation = orgName ? { name: orgName.replace(/\s+/g, ' '), kind } : null;
    const key = contactKey(parsed.value, organisation?.name ?? null);
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      result.duplicates.push({
        line: record.line,
        reason: `the same contact as line ${earlier} (${key.startsWith('email:') ? 'same e-mail' : 'same name and organisation'})`,
      });
      continue;
    }
    firstLine.set(key, record.line);
    result.rows.push({ line: record.line, contact: parsed.value, organisation, key });
  }
  result.invalid.sort((a, b) => a.line - b.line);
  return result;
}

export type ContactCsvRecord = Record<ContactCsvColumn, string>;

/** Contacts as CSV (CRLF, RFC 4180), every cell guarded against formula injection by `csvCell`. */
export function serialiseContactsCsv(records: readonly ContactCsvRecord[]): string {
  return csvDocument(
    CONTACT_CSV_COLUMNS,
    records.map((r) => CONTACT_CSV_COLUMNS.map((c) => r[c])),
  );
}
