import { campaignFormOptions, createCampaign } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import {
  campaignActor,
  parseCampaignForm,
  readCampaignForm,
  refusal,
  STANDARD_CHANNELS,
  type CampaignFormValues,
} from '$lib/server/campaigns.js';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const options = await campaignFormOptions(await database());
  const values: CampaignFormValues = {
    title: '',
    objective: '',
    audiences: '',
    keyMessages: '',
    assets: '',
    ownerId: options.owners.some((o) => o.id === locals.user!.id) ? locals.user!.id : '',
    startsOn: '',
    endsOn: '',
    otherChannels: '',
    channels: [],
    narrativeIds: [],
    districtIds: [],
    organisationIds: [],
    contactIds: [],
  };
  return { title: 'New campaign', values, options: { ...options, channels: STANDARD_CHANNELS } };
};

// Permission (campaigns:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = readCampaignForm(await request.formData());
    const parsed = parseCampaignForm(values);
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The campaign was not saved. Check the fields below.',
      });
    let id: string;
    try {
      id = await createCampaign(await database(), campaignActor(locals), parsed.input);
    } catch (e) {
      return refusal(e, { values });
    }
    redirect(303, `/campaigns/${id}?created=1`);
  },
};
