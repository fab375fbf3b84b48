import { parseContactInput } from '@counterpoint/core';
import { getContact, saveContact } from '@counterpoint/db';
import { error, fail, redirect } from '@sveltejs/kit';
import { contactFormOptions } from '$lib/server/contact-form.js';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formValues, today } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  const db = await database();
  const c = await getContact(db, params.id);
  if (!c) error(404, 'That contact does not exist.');
  const values: Record<string, string> = {
    name: c.name,
    role: c.role ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    contactPreference: c.contactPreference ?? '',
    lawfulBasis: c.lawfulBasis,
    consentGivenOn: c.consentGivenOn ?? '',
    consentExpiresOn: c.consentExpiresOn ?? '',
    organisationId: c.organisationId ?? '',
    districtId: c.districtId ?? '',
    ownerId: c.ownerId ?? '',
  };
  return { title: c.name, name: c.name, values, ...(await contactFormOptions(db)) };
};

// Permission (contacts:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const parsed = parseContactInput(values, today());
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The changes were not saved. Check the fields below.',
      });
    try {
      await saveContact(await database(), actorOf(locals), parsed.value, params.id);
    } catch (e) {
      return fail(400, { values, errors: {}, message: domainMessage(e) });
    }
    redirect(303, `/outreach/contacts?saved=${encodeURIComponent(parsed.value.name)}`);
  },
};
