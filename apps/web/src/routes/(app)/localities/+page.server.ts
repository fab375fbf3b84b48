import { listDistrictSummaries, listPlaceSummaries } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  const db = await database();
  const [districts, places] = await Promise.all([listDistrictSummaries(db), listPlaceSummaries(db, 300)]);
  return { title: 'Localities', districts, places };
};
