import {
  ENGAGEMENT_KIND_CODES,
  LAWFUL_BASIS_CODES,
  ORGANISATION_KIND_CODES,
  TRAINING_SECTOR_CODES,
  newId,
  parseContactInput,
  type ContactInput,
} from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { contacts, LAWFUL_BASES, ORGANISATION_KINDS } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { ENGAGEMENT_KINDS, TRAINING_SECTORS } from '../schema/outreach.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { getContact, listContacts, listOrganisations, saveContact, saveOrganisation } from './contacts.js';
import { exportContactsCsv, importContactsCsv } from './contacts-csv.js';
import { createUser } from './users.js';

const today = '2026-11-29';
let t: TestDatabase;
let officer: { id: string; label: string };
let elmford: string;

function contactInput(values: Record<string, string>): ContactInput {
  const r = parseContactInput(values, today);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const u = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'eo@example.org',
    name: 'Erin Officer',
    role: 'engagement_officer',
    password: 'correct-horse-battery-staple',
  });
  officer = { id: u.id, label: u.email };
  elmford = newId('district');
  await t.db.insert(districts).values([
    { id: elmford, tier: 'district', slug: 'elmford', name: 'Elmford' },
    { id: newId('district'), tier: 'district', slug: 'saltmere-coast', name: 'Saltmere Coast' },
  ]);
});

afterAll(async () => {
  await t?.drop();
});

it('core keeps the same code lists as the database CHECKs', () => {
  expect([...ORGANISATION_KIND_CODES]).toEqual([...ORGANISATION_KINDS]);
  expect([...LAWFUL_BASIS_CODES]).toEqual([...LAWFUL_BASES]);
  expect([...ENGAGEMENT_KIND_CODES]).toEqual([...ENGAGEMENT_KINDS]);
  expect([...TRAINING_SECTOR_CODES]).toEqual([...TRAINING_SECTORS]);
});

describe('organisations and contacts', () => {
  it('creates and edits, audited without personal values, and filters by search and consent', async () => {
    const org = await saveOrganisation(t.db, officer, {
      name: 'Elmford Interfaith Forum',
      kind: 'faith_group',
      districtId: elmford,
      notes: '',
    });
    const c = await saveContact(
      t.db,
      officer,
      contactInput({
        name: 'Amina Patel',
        email: 'amina@example.org',
        lawfulBasis: 'consent',
        consentGivenOn: '2025-12-01',
        consentExpiresOn: '2026-12-15',
        organisationId: org.id,
        districtId: elmford,
      }),
    );
    expect(c.ownerId).toBe(officer.id);
    await saveContact(
      t.db,
      officer,
      contactInput({ name: 'Jean Hart', phone: '01632 960000', lawfulBasis: 'public_task' }),
    );

    const renamed = contactInput({
      name: 'Amina Patel',
      role: 'Co-chair',
      email: 'amina@example.org',
      lawfulBasis: 'consent',
      consentGivenOn: '2025-12-01',
      consentExpiresOn: '2026-12-15',
      organisationId: org.id,
      districtId: elmford,
    });
    await saveContact(t.db, officer, renamed, c.id);
    expect((await getContact(t.db, c.id))?.role).toBe('Co-chair');

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, c.id));
    expect(audit.map((a) => a.action)).toEqual(['contact.created', 'contact.updated']);
    expect(audit[1]!.change).toEqual({ changed: ['role'], values: {} });
    expect(JSON.stringify(audit)).not.toContain('amina@example.org');

    expect((await listContacts(t.db, { q: 'interfaith', today })).map((x) => x.name)).toEqual([
      'Amina Patel',
    ]);
    expect((await listContacts(t.db, { consent: 'expiring', today })).map((x) => x.name)).toEqual([
      'Amina Patel',
    ]);
    expect((await listContacts(t.db, { lawfulBasis: 'public_task', today })).map((x) => x.name)).toEqual([
      'Jean Hart',
    ]);
    expect((await listOrganisations(t.db, { q: 'forum' }))[0]).toMatchObject({
      contacts: 1,
      district: 'Elmford',
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('refuses a reference that does not exist with a domain error', async () => {
    await expect(
      saveContact(t.db, officer, {
        ...contactInput({ name: 'X', email: 'x@example.org', lawfulBasis: 'public_task' }),
        organisationId: 'org_nope',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('CSV import', () => {
  it('creates, updates and skips by normalised e-mail or name and organisation, reporting bad lines', async () => {
    const csv = [
      'name,email,phone,organisation,organisation_kind,district,contact_preference,lawful_basis,consent_given_on,consent_expires_on',
      // Matches Amina by e-mail despite case and spaces; the phone is new, so she is updated.
      'Amina Patel, AMINA@example.org ,01632 960111,Elmford Interfaith Forum,,,,consent,2025-12-01,2026-12-15',
      // Matches Jean by name (no organisation) and changes nothing: skipped.
      'jean hart,,01632 960000,,,,,public_task,,',
      // New person at a new organisation, which is created.
      'Kerry Jones,kerry@example.org,,Saltmere Youth Hub,youth_group,Saltmere Coast,email,consent,2026-03-01,',
      // Bad: no lawful basis.
      'Nobody,nobody@example.org,,,,,,,,',
      // Same e-mail as line 4: a duplicate within the file.
      'K. Jones,Kerry@Example.org,,,,,,consent,2026-03-01,',
      // Bad: consent in the future.
      'Future Person,future@example.org,,,,,,consent,2027-01-01,',
    ].join('\n');
    const report = await importContactsCsv(t.db, officer, csv, today);
    expect(report.fatal).toBeNull();
    expect(report.created.map((r) => [r.line, r.name])).toEqual([[4, 'Kerry Jones']]);
    expect(report.updated.map((r) => [r.line, r.name])).toEqual([[2, 'Amina Patel']]);
    expect(report.skipped.map((s) => s.line)).toEqual([3, 6]);
    expect(report.skipped[0]!.reason).toMatch(/already up to date .*name and organisation/);
    expect(report.invalid.map((i) => i.line)).toEqual([5, 7]);
    expect(report.organisationsCreated).toEqual(['Saltmere Youth Hub']);

    const all = await listContacts(t.db, { today });
    expect(all.map((c) => c.name)).toEqual(['Amina Patel', 'Jean Hart', 'Kerry Jones']);
    const kerry = all.find((c) => c.name === 'Kerry Jones')!;
    expect(kerry).toMatchObject({
      organisation: 'Saltmere Youth Hub',
      district: 'Saltmere Coast',
      consentExpiresOn: '2028-03-01',
      ownerId: officer.id,
    });
    expect(all.find((c) => c.name === 'Amina Patel')!.phone).toBe('01632 960111');

    // Importing the same file again changes nothing and creates nobody.
    const again = await importContactsCsv(t.db, officer, csv, today);
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.skipped.map((s) => s.line)).toEqual([2, 3, 4, 6]);
    expect((await t.db.select().from(contacts)).length).toBe(3);
  });

  it('exports what it imports, guarded against formulas', async () => {
    await saveContact(
      t.db,
      officer,
      contactInput({
        name: '=HYPERLINK("http://evil")',
        phone: '+44 1632 960999',
        lawfulBasis: 'legitimate_interests',
      }),
    );
    const csv = await exportContactsCsv(t.db, officer, { today });
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain("'+44 1632 960999");
    const [exported] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'contacts.exported'));
    expect(exported!.change).toMatchObject({ rows: 4 });
    const back = await importContactsCsv(t.db, officer, csv, today);
    expect(back.invalid).toEqual([]);
    expect(back.created).toEqual([]);
    expect(back.updated).toEqual([]);
    expect(back.skipped).toHaveLength(4);
  });

  it('refuses a file without the required columns and stores nothing', async () => {
    const before = (await t.db.select().from(contacts)).length;
    const report = await importContactsCsv(t.db, officer, 'email\nx@example.org\n', today);
    expect(report.fatal).toMatch(/name, lawful_basis/);
    expect((await t.db.select().from(contacts)).length).toBe(before);
  });
});
