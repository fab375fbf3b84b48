import { listEngagementSummaries } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  title: 'Outreach',
  engagements: await listEngagementSummaries(await database()),
});
