import { REVEAL_MAX_HOURS, REVEAL_MIN_HOURS } from '@counterpoint/core';
import { decideIdentityReveal, getRevealHours, listRevealRequests, setRevealHours } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field } from '../../signals/act.server.js';
import type { Actions, PageServerLoad } from './$types';

// Permission (identity:approve) was checked by the hook from routes.ts before this runs.
export const load: PageServerLoad = async ({ locals }) => {
  const db = await database();
  const [requests, hours] = await Promise.all([listRevealRequests(db), getRevealHours(db)]);
  return {
    title: 'Reveal requests',
    me: locals.user!.id,
    pending: requests.pending,
    decided: requests.decided,
    hours,
    minHours: REVEAL_MIN_HOURS,
    maxHours: REVEAL_MAX_HOURS,
  };
};

export const actions: Actions = {
  decide: async ({ locals, request }) => {
    const data = await request.formData();
    const decision = field(data, 'decision');
    return attempt('decide', async () => {
      const out = await decideIdentityReveal(await database(), actorOf(locals), field(data, 'id'), {
        decision: decision === 'approve' ? 'approve' : decision === 'refuse' ? 'refuse' : ('' as 'approve'),
        note: field(data, 'note'),
      });
      return out.status === 'approved'
        ? 'Approved. The requester can see the identity until it expires.'
        : 'Refused. The requester sees your reason.';
    });
  },
  setWindow: async ({ locals, request }) => {
    const hours = field(await request.formData(), 'hours');
    return attempt('setWindow', async () => {
      const h = await setRevealHours(await database(), actorOf(locals), hours);
      return `Reveals approved from now on last ${h} hours.`;
    });
  },
};
