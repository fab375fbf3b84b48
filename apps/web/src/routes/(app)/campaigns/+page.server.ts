import { listCampaignSummaries } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  title: 'Campaigns',
  campaigns: await listCampaignSummaries(await database()),
});
