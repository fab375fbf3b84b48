import { recordSignalOpen, wellbeingFor } from '@counterpoint/db';
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
  if (params.id) await recordSignalOpen(db, user.id, params.id);
  return { wellbeing: await wellbeingFor(db, user.id) };
};
