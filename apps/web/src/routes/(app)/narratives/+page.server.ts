import { listNarrativeSummaries } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  title: 'Narratives',
  narratives: await listNarrativeSummaries(await database()),
});
