import { can, ENGAGEMENT_KIND_CODES } from '@counterpoint/core';
import { contactChoices, listDistricts, listEngagements } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { params } from '$lib/server/outreach.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const filters = params(url, ['q', 'kind', 'district', 'organisation']);
  const kind = (ENGAGEMENT_KIND_CODES as readonly string[]).includes(filters.kind) ? filters.kind : '';
  const [engagements, districts, choices] = await Promise.all([
    listEngagements(db, {
      q: filters.q || undefined,
      kind: kind || undefined,
      districtId: filters.district || undefined,
      organisationId: filters.organisation || undefined,
    }),
    listDistricts(db),
    contactChoices(db),
  ]);
  return {
    title: 'Outreach',
    engagements,
    filters: { ...filters, kind },
    filtered: Object.values(filters).some(Boolean),
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    organisations: choices.organisations,
    kinds: ENGAGEMENT_KIND_CODES,
    canEdit: locals.user ? can(locals.user.role, 'outreach:edit') : false,
  };
};
