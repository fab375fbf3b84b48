import { isDomainError } from '@counterpoint/core';
import { getEscalationRoute, updateEscalationRoute } from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf } from '../../../signals/act.server.js';
import { readRouteForm, routeFieldErrors, routeFormOptions, valuesOfRoute } from '../route-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  const db = await database();
  const route = await getEscalationRoute(db, params.id);
  if (!route) error(404, 'There is no such route.');
  return {
    title: route.name,
    route: { id: route.id, name: route.name, active: route.active, updatedAt: route.updatedAt },
    values: valuesOfRoute(route),
    ...(await routeFormOptions(db)),
  };
};

// Permission (escalations:manage) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const values = readRouteForm(await request.formData());
    try {
      await updateEscalationRoute(await database(), actorOf(locals), params.id, { ...values });
    } catch (e) {
      const errors = routeFieldErrors(e);
      if (!errors) {
        if (isDomainError(e) && e.code === 'not_found') error(404, 'There is no such route.');
        throw e;
      }
      return fail(400, { values, errors, message: 'The changes were not saved. Check the fields below.' });
    }
    return { saved: true };
  },
};
