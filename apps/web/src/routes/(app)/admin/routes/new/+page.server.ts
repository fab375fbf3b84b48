import { createEscalationRoute } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf } from '../../../signals/act.server.js';
import { EMPTY_ROUTE, readRouteForm, routeFieldErrors, routeFormOptions } from '../route-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  title: 'Add a route',
  values: EMPTY_ROUTE,
  ...(await routeFormOptions(await database())),
});

// Permission (escalations:manage) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = readRouteForm(await request.formData());
    try {
      await createEscalationRoute(await database(), actorOf(locals), { ...values });
    } catch (e) {
      const errors = routeFieldErrors(e);
      if (!errors) throw e;
      return fail(400, { values, errors, message: 'The route was not added. Check the fields below.' });
    }
    redirect(303, '/admin/routes?added=1');
  },
};
