import { can, followUpState } from '@counterpoint/core';
import { completeFollowUp, completeTask, listMyFollowUps, listOpenTasks } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formValues, today } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const db = await database();
  const user = locals.user!;
  const day = today();
  const [followUps, tasks] = await Promise.all([
    listMyFollowUps(db, user.id, day),
    listOpenTasks(db, user.id),
  ]);
  return {
    title: 'My follow-ups',
    followUps: followUps.map((f) => ({ ...f, state: followUpState(f.dueOn, false, day) })),
    tasks: tasks.map((t) => ({ ...t, state: followUpState(t.dueOn, false, day) })),
    canEdit: can(user.role, 'outreach:edit'),
    canSeeContacts: can(user.role, 'contacts:view'),
  };
};

// Permission was checked by the hook from routes.ts: outreach:edit to mark a follow-up done; a
// task is one's own, and completeTask refuses anyone else's.
export const actions: Actions = {
  done: async ({ request, locals }) => {
    const id = formValues(await request.formData()).followUpId ?? '';
    try {
      await completeFollowUp(await database(), actorOf(locals), id);
    } catch (e) {
      return fail(400, { error: domainMessage(e) });
    }
    return { notice: 'Follow-up marked done.' };
  },
  taskDone: async ({ request, locals }) => {
    const id = formValues(await request.formData()).taskId ?? '';
    try {
      await completeTask(await database(), actorOf(locals), id);
    } catch (e) {
      return fail(400, { error: domainMessage(e) });
    }
    return { notice: 'Task marked done.' };
  },
};
