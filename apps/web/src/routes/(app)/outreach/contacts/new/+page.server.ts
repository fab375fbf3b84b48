import { parseContactInput } from '@counterpoint/core';
import { saveContact } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { contactFormOptions } from '$lib/server/contact-form.js';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formValues, today } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  title: 'Add a contact',
  values: { lawfulBasis: 'consent', ownerId: locals.user!.id, consentGivenOn: today() },
  ...(await contactFormOptions(await database())),
});

// Permission (contacts:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const parsed = parseContactInput(values, today());
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The contact was not saved. Check the fields below.',
      });
    try {
      await saveContact(await database(), actorOf(locals), parsed.value);
    } catch (e) {
      return fail(400, { values, errors: {}, message: domainMessage(e) });
    }
    redirect(303, `/outreach/contacts?saved=${encodeURIComponent(parsed.value.name)}`);
  },
};
