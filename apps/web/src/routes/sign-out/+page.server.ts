import { redirect } from '@sveltejs/kit';
import { getAuth } from '$lib/server/auth.js';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST only; a GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ request }) => {
    const auth = await getAuth();
    await auth.api.signOut({ headers: request.headers });
    redirect(303, '/sign-in?signedOut=1');
  },
};
