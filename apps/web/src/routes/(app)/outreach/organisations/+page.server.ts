import { can, ORGANISATION_KIND_CODES, parseOrganisationInput } from '@counterpoint/core';
import { getOrganisation, listDistricts, listOrganisations, saveOrganisation } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formValues, params } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const f = params(url, ['q', 'kind', 'district']);
  const kind = (ORGANISATION_KIND_CODES as readonly string[]).includes(f.kind) ? f.kind : '';
  const canEdit = locals.user ? can(locals.user.role, 'contacts:edit') : false;
  const editId = url.searchParams.get('edit');
  const editing = canEdit && editId ? await getOrganisation(db, editId) : null;
  const [organisations, districts] = await Promise.all([
    listOrganisations(db, {
      q: f.q || undefined,
      kind: kind || undefined,
      districtId: f.district || undefined,
    }),
    listDistricts(db),
  ]);
  return {
    title: 'Organisations',
    organisations,
    filters: { ...f, kind },
    filtered: Boolean(f.q || kind || f.district),
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    kinds: ORGANISATION_KIND_CODES,
    canEdit,
    editing: editing
      ? {
          id: editing.id,
          values: {
            name: editing.name,
            kind: editing.kind,
            districtId: editing.districtId ?? '',
            notes: editing.notes,
          },
        }
      : null,
  };
};

// Permission (contacts:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  save: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const id = values.id || undefined;
    const parsed = parseOrganisationInput(values);
    if (!parsed.ok)
      return fail(400, {
        org: { id, values, errors: parsed.errors, message: 'Not saved. Check the fields below.' },
      });
    try {
      await saveOrganisation(await database(), actorOf(locals), parsed.value, id);
    } catch (e) {
      return fail(400, {
        org: { id, values, errors: {}, message: domainMessage(e) },
      });
    }
    return { saved: `${parsed.value.name} ${id ? 'updated' : 'added'}.` };
  },
};
