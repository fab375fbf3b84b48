import { ENGAGEMENT_KIND_CODES, parseEngagementInput, type FieldErrors } from '@counterpoint/core';
import { contactChoices, createEngagement, engagementLinkChoices, listDistricts } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formList, formValues, today } from '$lib/server/outreach.js';
import type { EngagementFormValues } from '$lib/outreach/engagement-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const db = await database();
  const [districts, people, links] = await Promise.all([
    listDistricts(db),
    contactChoices(db),
    engagementLinkChoices(db),
  ]);
  const empty: EngagementFormValues = {
    fields: { kind: 'meeting', occurredOn: today() },
    organisationIds: [],
    contactIds: [],
    narrativeIds: [],
    campaignIds: [],
    followUps: [{ description: '', ownerId: locals.user!.id, dueOn: '' }],
  };
  return {
    title: 'Log an engagement',
    today: today(),
    me: locals.user!.id,
    values: empty,
    kinds: ENGAGEMENT_KIND_CODES,
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    organisations: people.organisations.map((o) => ({ id: o.id, label: o.name })),
    contacts: people.contacts.map((c) => ({ id: c.id, label: c.name, detail: c.organisation })),
    narratives: links.narratives.map((n) => ({ id: n.id, label: n.title })),
    campaigns: links.campaigns.map((c) => ({ id: c.id, label: c.title })),
    owners: links.owners,
  };
};

function readForm(form: FormData): EngagementFormValues {
  const descriptions = form.getAll('followUpDescription').map(String);
  const owners = form.getAll('followUpOwner').map(String);
  const dues = form.getAll('followUpDue').map(String);
  return {
    fields: formValues(form),
    organisationIds: formList(form, 'organisationIds'),
    contactIds: formList(form, 'contactIds'),
    narrativeIds: formList(form, 'narrativeIds'),
    campaignIds: formList(form, 'campaignIds'),
    followUps: descriptions.map((d, i) => ({
      description: d,
      ownerId: owners[i] ?? '',
      dueOn: dues[i] ?? '',
    })),
  };
}

// Permission (outreach:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = readForm(await request.formData());
    const parsed = parseEngagementInput(values, today());
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The engagement was not logged. Check the fields below.',
      });
    let id: string;
    try {
      id = await createEngagement(await database(), actorOf(locals), parsed.value);
    } catch (e) {
      const errors: FieldErrors = {};
      return fail(400, { values, errors, message: domainMessage(e) });
    }
    redirect(303, `/outreach/${id}?logged=1`);
  },
};
