import { describe, expect, it } from 'vitest';
import { parseContactInput } from './contact-input.js';
import { guardFormula, unguardFormula } from '../text/csv.js';
import { contactKey, parseContactsCsv, serialiseContactsCsv, type ContactCsvRecord } from './contacts-csv.js';

const today = '2026-11-29';
const districts = [
  { id: 'dst_elm', name: 'Elmford', slug: 'elmford' },
  { id: 'dst_salt', name: 'Saltmere Coast', slug: 'saltmere-coast' },
];
const parse = (text: string) => parseContactsCsv(text, { today, districts });

describe('parseContactInput', () => {
  it('defaults a consent expiry to two years and refuses consent dates on another basis', () => {
    const ok = parseContactInput(
      { name: 'A', email: 'a@x.org', lawfulBasis: 'consent', consentGivenOn: '2026-01-31' },
      today,
    );
    expect(ok.ok && ok.value.consentExpiresOn).toBe('2028-01-31');
    const bad = parseContactInput(
      { name: 'A', email: 'a@x.org', lawfulBasis: 'public_task', consentGivenOn: '2026-01-01' },
      today,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.consentGivenOn).toMatch(/only when the lawful basis is consent/);
  });

  it('needs a way to reach the person and a valid consent order', () => {
    const r = parseContactInput(
      { name: 'A', lawfulBasis: 'consent', consentGivenOn: '2026-05-01', consentExpiresOn: '2026-04-01' },
      today,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.email).toMatch(/e-mail address or a phone number, or say how/);
      expect(r.errors.consentExpiresOn).toMatch(/after the day it was given/);
    }
  });
});

describe('parseContactsCsv', () => {
  it('keeps good lines, reports bad ones by line number, and de-duplicates within the file', () => {
    const text = [
      'Name,E-mail,Organisation,Organisation kind,District,Lawful basis,Consent date,Consent expiry,Shoe size',
      'Amina Patel,Amina@Example.org ,Elmford Interfaith Forum,faith group,Elmford,consent,01/02/2026,01/02/2027,9',
      'Gareth Lloyd,,Elmford Interfaith Forum,,elmford,Public task,,,',
      'No Basis,nb@example.org,,,,,,,',
      '"Kerry ""KJ"" Jones",kerry@example.org,Saltmere Youth Hub,youth_group,Atlantis,consent,2026-03-01,,',
      'AMINA PATEL,amina@example.org,Other Org,,,consent,2026-03-01,,',
      'gareth  lloyd,,Elmford Interfaith Forum.,,,public_task,,,',
      'Jean Hart,jean@example.org,,,,legitimate interests,,,',
    ].join('\r\n');
    const r = parse(text);
    expect(r.fatal).toBeNull();
    expect(r.ignoredColumns).toEqual(['Shoe size']);
    expect(r.rows.map((x) => [x.line, x.contact.name])).toEqual([
      [2, 'Amina Patel'],
      [8, 'Jean Hart'],
    ]);
    const amina = r.rows[0]!;
    expect(amina.contact.email).toBe('amina@example.org');
    expect(amina.contact.consentGivenOn).toBe('2026-02-01');
    expect(amina.contact.districtId).toBe('dst_elm');
    expect(amina.organisation).toEqual({ name: 'Elmford Interfaith Forum', kind: 'faith_group' });
    // Gareth has no e-mail or phone and no in-person preference: a bad line, not a silent drop.
    expect(r.invalid.map((i) => i.line)).toEqual([3, 4, 5, 7]);
    expect(r.invalid[1]!.reason).toMatch(/lawful_basis: Lawful basis is required/);
    expect(r.invalid[2]!.reason).toMatch(/district: "Atlantis" is not a district/);
    expect(r.duplicates).toEqual([{ line: 6, reason: 'the same contact as line 2 (same e-mail)' }]);
  });

  it('matches on name and organisation when there is no e-mail', () => {
    const text = [
      'name,phone,organisation,lawful_basis',
      'Gareth Lloyd,01632 960001,Elmford Interfaith Forum,public_task',
      'gareth  lloyd,01632 960002,elmford interfaith forum.,public_task',
      'Gareth Lloyd,01632 960003,Brackenhurst Residents,public_task',
    ].join('\n');
    const r = parse(text);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
    expect(r.duplicates).toEqual([
      { line: 3, reason: 'the same contact as line 2 (same name and organisation)' },
    ]);
    expect(contactKey({ name: 'Gareth Lloyd', email: null }, 'Elmford Interfaith Forum')).toBe(
      'name:gareth lloyd|org:elmford interfaith forum',
    );
  });

  it('reports a row with too many cells and an unreadable header', () => {
    const r = parse('name,lawful_basis\nA,consent,extra\nB,public_task\n');
    expect(r.invalid.map((i) => i.line)).toEqual([2, 3]);
    expect(r.invalid[0]!.reason).toMatch(/2 columns/);
    expect(parse('email,phone\nx@y.org,1\n').fatal).toMatch(/name, lawful_basis/);
    expect(parse('').fatal).toMatch(/empty/);
  });
});

describe('CSV export', () => {
  it('guards cells a spreadsheet would run as formulas, and import undoes it', () => {
    expect(guardFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(guardFormula('+44 1632 960000')).toBe("'+44 1632 960000");
    expect(guardFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardFormula('-1')).toBe("'-1");
    expect(guardFormula('Plain name')).toBe('Plain name');
    expect(unguardFormula("'=1+1")).toBe('=1+1');
    expect(unguardFormula("O'Brien")).toBe("O'Brien");
  });

  it('round-trips through the importer', () => {
    const record: ContactCsvRecord = {
      name: '=cmd|calc',
      role: 'Chair, trustees',
      organisation: 'Elmford Interfaith Forum',
      organisation_kind: 'faith_group',
      district: 'Elmford',
      email: 'chair@example.org',
      phone: '+44 1632 960000',
      contact_preference: 'email',
      lawful_basis: 'consent',
      consent_given_on: '2026-01-01',
      consent_expires_on: '2027-01-01',
    };
    const csv = serialiseContactsCsv([record]);
    expect(csv.split('\r\n')[1]).toContain("'=cmd|calc");
    const back = parse(csv);
    expect(back.invalid).toEqual([]);
    expect(back.rows[0]!.contact).toMatchObject({
      name: '=cmd|calc',
      role: 'Chair, trustees',
      phone: '+44 1632 960000',
      districtId: 'dst_elm',
      consentExpiresOn: '2027-01-01',
    });
  });
});
