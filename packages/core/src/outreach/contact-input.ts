import { CONSENT_DEFAULT_MONTHS } from './consent.js';
import { addMonths } from './dates.js';
import { FieldReader, type FieldParse } from './fields.js';

/**
 * Organisations and contacts as the forms and the CSV import give them. Only what outreach needs:
 * who, how to reach them, and on what lawful basis. No special-category fields (faith, ethnicity,
 * health, politics) are asked for or accepted; an organisation's kind says enough.
 */

// Kept equal to the database's CHECK lists (a db test compares them).
export const ORGANISATION_KIND_CODES = [
  'community_group',
  'faith_group',
  'youth_group',
  'school',
  'business',
  'voluntary',
  'public_body',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KIND_CODES)[number];

export const LAWFUL_BASIS_CODES = ['consent', 'public_task', 'legitimate_interests'] as const;
export type LawfulBasis = (typeof LAWFUL_BASIS_CODES)[number];

/**
 * Suggestions for how a contact prefers to be reached. The field is free text ("E-mail, weekday
 * evenings") because preferences are rarely one word; these are offered, not enforced.
 */
export const CONTACT_PREFERENCES = [
  'E-mail',
  'Phone',
  'Post',
  'In person',
  'Via their organisation',
] as const;

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  districtId: string | null;
  notes: string;
}

export function parseOrganisationInput(
  values: Readonly<Record<string, string | undefined>>,
): FieldParse<OrganisationInput> {
  const r = new FieldReader(values);
  const name = r.text('name', 'Name', 200, true);
  const kind = r.oneOf('kind', 'Kind', ORGANISATION_KIND_CODES, true);
  const districtId = r.text('districtId', 'District', 64);
  const notes = r.text('notes', 'Notes', 2000) ?? '';
  return r.done({ name: name ?? '', kind: kind ?? 'community_group', districtId, notes });
}

export interface ContactInput {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  contactPreference: string | null;
  lawfulBasis: LawfulBasis;
  consentGivenOn: string | null;
  consentExpiresOn: string | null;
  organisationId: string | null;
  districtId: string | null;
  ownerId: string | null;
}

const EMAIL = /^[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+$/;
const PHONE = /^\+?[\d\s()-]{6,30}$/;

/** Trimmed and lower-cased: the form used to match a CSV row to an existing contact. */
export function normaliseContactEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** Names compared for de-duplication: case, spacing and punctuation do not make a new person. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,'’"()-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a contact. `today` bounds the consent date (consent cannot be given in the future). When
 * the basis is consent and no expiry is given, consent lapses after CONSENT_DEFAULT_MONTHS so that
 * every consent is reviewed at some point.
 */
export function parseContactInput(
  values: Readonly<Record<string, string | undefined>>,
  today: string,
): FieldParse<ContactInput> {
  const r = new FieldReader(values);
  const name = r.text('name', 'Name', 200, true);
  const role = r.text('role', 'Role', 200);
  const rawEmail = r.text('email', 'E-mail', 254);
  const email = rawEmail ? normaliseContactEmail(rawEmail) : null;
  if (email && !EMAIL.test(email)) r.fail('email', 'E-mail must look like name@example.org.');
  const phone = r.text('phone', 'Phone', 30);
  if (phone && !PHONE.test(phone))
    r.fail('phone', 'Phone may hold only digits, spaces, brackets, hyphens and a leading +.');
  const contactPreference = r.text('contactPreference', 'Contact preference', 200);
  const lawfulBasis = r.oneOf('lawfulBasis', 'Lawful basis', LAWFUL_BASIS_CODES, true);
  let consentGivenOn = r.day('consentGivenOn', 'Consent date');
  let consentExpiresOn = r.day('consentExpiresOn', 'Consent expiry');
  if (lawfulBasis === 'consent') {
    if (!consentGivenOn && !r.errors.consentGivenOn)
      r.fail('consentGivenOn', 'The date consent was given is required when the lawful basis is consent.');
    if (consentGivenOn && consentGivenOn > today)
      r.fail('consentGivenOn', 'Consent cannot be dated in the future.');
    if (consentGivenOn && !consentExpiresOn && !r.errors.consentExpiresOn)
      consentExpiresOn = addMonths(consentGivenOn, CONSENT_DEFAULT_MONTHS);
    if (consentGivenOn && consentExpiresOn && consentExpiresOn <= consentGivenOn)
      r.fail('consentExpiresOn', 'Consent must expire after the day it was given.');
  } else if (lawfulBasis && (consentGivenOn || consentExpiresOn)) {
    // Consent dates on another basis would suggest consent was relied on; keep the record honest.
    r.fail('consentGivenOn', 'Consent dates apply only when the lawful basis is consent.');
    consentGivenOn = null;
    consentExpiresOn = null;
  }
  if (!email && !phone && !contactPreference && !r.errors.email && !r.errors.phone)
    r.fail(
      'email',
      'Give an e-mail address or a phone number, or say how to reach them (for example "via the forum secretary").',
    );
  return r.done({
    name: name ?? '',
    role,
    email,
    phone,
    contactPreference,
    lawfulBasis: lawfulBasis ?? 'consent',
    consentGivenOn,
    consentExpiresOn,
    organisationId: r.text('organisationId', 'Organisation', 64),
    districtId: r.text('districtId', 'District', 64),
    ownerId: r.text('ownerId', 'Owner', 64),
  });
}
