import { campaignEditable } from '@counterpoint/core';
import { campaignFormOptions, getCampaign, updateCampaign } from '@counterpoint/db';
import { error, fail, redirect } from '@sveltejs/kit';
import {
  campaignActor,
  campaignFormValues,
  parseCampaignForm,
  readCampaignForm,
  refusal,
  STANDARD_CHANNELS,
} from '$lib/server/campaigns.js';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  const db = await database();
  const campaign = await getCampaign(db, params.id);
  if (!campaign) error(404, 'There is no such campaign.');
  if (!campaignEditable(campaign.status)) redirect(303, `/campaigns/${campaign.id}`);
  const options = await campaignFormOptions(db);
  return {
    title: `Edit ${campaign.title}`,
    campaign: { id: campaign.id, title: campaign.title },
    values: campaignFormValues(campaign),
    options: { ...options, channels: STANDARD_CHANNELS },
  };
};

// Permission (campaigns:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const values = readCampaignForm(await request.formData());
    const parsed = parseCampaignForm(values);
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The changes were not saved. Check the fields below.',
      });
    try {
      await updateCampaign(await database(), campaignActor(locals), params.id, parsed.input);
    } catch (e) {
      return refusal(e, { values });
    }
    redirect(303, `/campaigns/${params.id}?saved=1`);
  },
};
