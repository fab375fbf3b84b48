import { CONTACT_PREFERENCES, LAWFUL_BASIS_CODES } from '@counterpoint/core';
import { contactChoices, engagementLinkChoices, listDistricts, type Db } from '@counterpoint/db';

/** The choices the contact form offers. */
export async function contactFormOptions(db: Db) {
  const [districts, choices, links] = await Promise.all([
    listDistricts(db),
    contactChoices(db),
    engagementLinkChoices(db),
  ]);
  return {
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    organisations: choices.organisations.map((o) => ({ id: o.id, name: o.name })),
    owners: links.owners,
    preferences: CONTACT_PREFERENCES,
    bases: LAWFUL_BASIS_CODES,
  };
}
