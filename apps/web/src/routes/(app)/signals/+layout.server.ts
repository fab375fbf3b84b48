import { recordSignalOpen, wellbeingFor } from '@counterpoint/db';
import { cached, forget } from '$lib/server/cache.js';
import { database } from '$lib/server/db.js';
import type { LayoutServerLoad } from './$types';

/**
 * The triage area's header: how many signals this person opened today against their soft limit.
 * Opening a signal page is logged here (before counting) so the figure includes the one on screen;
 * a reopen within minutes is not counted twice.
 */
export const load: LayoutServerLoad = async ({ locals, params }) => {
  const db = await database();
  const user = locals.user!;
  // The figure is remembered for half a minute per person (it is read on every queue page) and
  // forgotten when they open a signal, so the one on screen is always counted.
  const key = `wellbeing:${user.id}`;
  if (params.id) {
    await recordSignalOpen(db, user.id, params.id);
    forget(key);
  }
  return { wellbeing: await cached(key, 30_000, () => wellbeingFor(db, user.id)) };
};
