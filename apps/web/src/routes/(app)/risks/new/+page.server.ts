import { createRisk, riskFormOptions } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { isDomainError } from '@counterpoint/core';
import { governanceActor } from '$lib/server/governance.js';
import { parseRiskForm, readRiskForm, type RiskFormValues } from '../risk-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const options = await riskFormOptions(await database());
  const district = url.searchParams.get('district') ?? '';
  const values: RiskFormValues = {
    title: '',
    description: '',
    districtId: options.districts.some((d) => d.id === district) ? district : '',
    likelihood: '',
    impact: '',
    ownerId: options.owners.some((o) => o.id === locals.user!.id) ? locals.user!.id : '',
    reviewOn: '',
  };
  return { title: 'New risk', values, districts: options.districts, owners: options.owners };
};

// Permission (risks:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = readRiskForm(await request.formData());
    const parsed = parseRiskForm(values);
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The risk was not saved. Check the fields below.',
      });
    let id: string;
    try {
      id = await createRisk(await database(), governanceActor(locals), parsed.input);
    } catch (e) {
      if (isDomainError(e)) return fail(400, { values, errors: {}, message: e.message });
      throw e;
    }
    redirect(303, `/risks/${id}?created=1`);
  },
};
