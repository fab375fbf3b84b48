import { isDomainError, parseSpaceInput } from '@counterpoint/core';
import { createSpace, spaceFormOptions } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { governanceActor } from '$lib/server/governance.js';
import { readSpaceForm, type SpaceFormValues } from '../space-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
  const options = await spaceFormOptions(await database());
  const kind = url.searchParams.get('kind') === 'offline' ? 'offline' : 'online';
  const values: SpaceFormValues = {
    kind,
    name: '',
    platform: '',
    url: '',
    address: '',
    districtId: '',
    riskRating: 'medium',
    status: 'active',
    sourceId: '',
    notes: '',
  };
  return { title: 'New space', values, districts: options.districts, sources: options.sources };
};

// Permission (spaces:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = readSpaceForm(await request.formData());
    const parsed = parseSpaceInput({ ...values });
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The space was not saved. Check the fields below.',
      });
    let id: string;
    try {
      id = await createSpace(await database(), governanceActor(locals), parsed.value);
    } catch (e) {
      if (isDomainError(e)) return fail(400, { values, errors: {}, message: e.message });
      throw e;
    }
    redirect(303, `/spaces/${id}?created=1`);
  },
};
