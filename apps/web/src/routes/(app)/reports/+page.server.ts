import { listRiskSummaries, shellCounts } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  const db = await database();
  const [risks, counts] = await Promise.all([listRiskSummaries(db), shellCounts(db)]);
  return { title: 'Reports', risks, counts };
};
