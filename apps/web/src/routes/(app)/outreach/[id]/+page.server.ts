import { can, followUpState, parseFollowUp, type FieldErrors } from '@counterpoint/core';
import { addFollowUp, completeFollowUp, engagementLinkChoices, getEngagement } from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formValues, today } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
  const db = await database();
  const engagement = await getEngagement(db, params.id);
  if (!engagement) error(404, 'That engagement does not exist.');
  const day = today();
  const canEdit = locals.user ? can(locals.user.role, 'outreach:edit') : false;
  return {
    title: engagement.title,
    engagement: {
      ...engagement,
      followUps: engagement.followUps.map((f) => ({
        ...f,
        state: followUpState(f.dueOn, f.doneAt !== null, day),
      })),
    },
    owners: canEdit ? (await engagementLinkChoices(db)).owners : [],
    me: locals.user!.id,
    canEdit,
    logged: url.searchParams.has('logged'),
  };
};

// Permission (outreach:edit) for both was checked by the hook from routes.ts before these run.
export const actions: Actions = {
  addFollowUp: async ({ request, params, locals }) => {
    const values = formValues(await request.formData());
    const parsed = parseFollowUp(values);
    if (!parsed.ok)
      return fail(400, {
        followUp: { values, errors: parsed.errors, message: 'The follow-up was not added.' },
      });
    try {
      await addFollowUp(await database(), actorOf(locals), params.id, parsed.value);
    } catch (e) {
      const errors: FieldErrors = {};
      return fail(400, { followUp: { values, errors, message: domainMessage(e) } });
    }
    return { done: 'Follow-up added.' };
  },
  done: async ({ request, locals }) => {
    const id = formValues(await request.formData()).followUpId ?? '';
    try {
      await completeFollowUp(await database(), actorOf(locals), id);
    } catch (e) {
      return fail(400, { doneError: domainMessage(e) });
    }
    return { done: 'Follow-up marked done.' };
  },
};
