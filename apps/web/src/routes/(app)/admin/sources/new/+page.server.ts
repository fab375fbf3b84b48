import { createSource } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { EMPTY_VALUES, domainErrors, formOptions, parseSourceForm, readValues } from '../source-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const db = await database();
  return {
    title: 'Add a source',
    values: { ...EMPTY_VALUES, ownerId: locals.user?.id ?? '' },
    ...(await formOptions(db)),
  };
};

// Permission (sources:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = readValues(await request.formData());
    const parsed = parseSourceForm(values);
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The source was not added. Check the fields below.',
      });
    const user = locals.user!;
    let id: string;
    try {
      const created = await createSource(await database(), { id: user.id, label: user.email }, parsed.source);
      id = created.id;
    } catch (e) {
      const errors = domainErrors(e);
      if (!errors) throw e;
      return fail(400, { values, errors, message: 'The source was not added.' });
    }
    redirect(303, `/admin/sources/${id}?added=1`);
  },
};
