import { endSessions } from '@counterpoint/db';
import { redirect } from '@sveltejs/kit';
import { getAuth } from '$lib/server/auth.js';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST only; a GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  here: async ({ request }) => {
    const auth = await getAuth();
    await auth.api.signOut({ headers: request.headers });
    redirect(303, '/sign-in?signedOut=1');
  },
  /** For a lost laptop or a shared machine left signed in: every session this person has ends. */
  everywhere: async ({ request, locals }) => {
    const user = locals.user;
    if (user) {
      await endSessions(await database(), { id: user.id, label: user.name }, user.id, {
        except: locals.sessionId,
      });
    }
    const auth = await getAuth();
    await auth.api.signOut({ headers: request.headers });
    redirect(303, '/sign-in?signedOut=everywhere');
  },
};
