import { can } from '@counterpoint/core';
import { shellCounts } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const role = locals.user!.role;
  const counts = await shellCounts(await database());
  return {
    title: 'Dashboard',
    counts,
    show: {
      signals: can(role, 'signals:view'),
      narratives: can(role, 'narratives:view'),
      campaigns: can(role, 'campaigns:view'),
      outreach: can(role, 'outreach:view'),
      localities: can(role, 'localities:view'),
      reports: can(role, 'reports:view'),
      admin: can(role, 'users:manage'),
    },
  };
};
