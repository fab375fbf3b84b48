import { can, consentStatus, LAWFUL_BASIS_CODES } from '@counterpoint/core';
import { contactChoices, listContacts, listDistricts, type ConsentFilter } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { params, today } from '$lib/server/outreach.js';
import type { PageServerLoad } from './$types';

const FILTER_KEYS = ['q', 'district', 'organisation', 'basis', 'consent', 'mine'] as const;
const CONSENT_FILTERS: readonly ConsentFilter[] = ['expiring', 'expired', 'none'];

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const day = today();
  const f = params(url, FILTER_KEYS);
  const basis = (LAWFUL_BASIS_CODES as readonly string[]).includes(f.basis) ? f.basis : '';
  const consent = (CONSENT_FILTERS as readonly string[]).includes(f.consent)
    ? (f.consent as ConsentFilter)
    : '';
  const [contacts, districts, choices] = await Promise.all([
    listContacts(db, {
      q: f.q || undefined,
      districtId: f.district || undefined,
      organisationId: f.organisation || undefined,
      lawfulBasis: basis || undefined,
      consent: consent || undefined,
      ownerId: f.mine ? locals.user!.id : undefined,
      today: day,
    }),
    listDistricts(db),
    contactChoices(db),
  ]);
  const filters = { ...f, basis, consent };
  return {
    title: 'Contacts',
    contacts: contacts.map((c) => ({ ...c, consent: consentStatus(c.consentExpiresOn, day) })),
    filters,
    filtered: Object.values(filters).some(Boolean),
    exportQuery: new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString(),
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    organisations: choices.organisations,
    bases: LAWFUL_BASIS_CODES,
    canEdit: locals.user ? can(locals.user.role, 'contacts:edit') : false,
    saved: url.searchParams.get('saved'),
  };
};
