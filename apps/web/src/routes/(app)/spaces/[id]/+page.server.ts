import {
  actionKindsFor,
  can,
  parseSpaceActionInput,
  parseSpaceInput,
  riskBand,
  SPACE_ACTION_LABELS,
} from '@counterpoint/core';
import {
  getSpace,
  linkEscalationToSpace,
  logSpaceAction,
  risksLinkedTo,
  setSpaceNarrative,
  spaceFormOptions,
  updateSpace,
} from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { attemptChange, formRecord, governanceActor } from '$lib/server/governance.js';
import { readSpaceForm, spaceFormValues } from '../space-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
  const db = await database();
  const space = await getSpace(db, params.id);
  if (!space) error(404, 'There is no such space in the register.');
  const role = locals.user!.role;
  const [options, risks] = await Promise.all([spaceFormOptions(db), risksLinkedTo(db, 'space', space.id)]);
  const seen = new Set(space.narratives.map((n) => n.id));
  return {
    title: space.name,
    space,
    values: spaceFormValues(space),
    districts: options.districts,
    sources: options.sources,
    narrativeOptions: options.narratives.filter((n) => !seen.has(n.id)),
    actionKinds: actionKindsFor(space.kind).map((k) => ({ value: k, label: SPACE_ACTION_LABELS[k] })),
    risks: risks.map((r) => ({ ...r, band: riskBand(r.likelihood, r.impact) })),
    canEdit: can(role, 'spaces:edit'),
    canSeeRisks: can(role, 'risks:view'),
    canSeeEscalations: can(role, 'signals:escalate'),
    created: url.searchParams.has('created'),
  };
};

// Permission (spaces:edit) was checked by the hook from routes.ts before each action runs.
export const actions: Actions = {
  update: async ({ params, locals, request }) => {
    const values = readSpaceForm(await request.formData());
    const parsed = parseSpaceInput({ ...values });
    if (!parsed.ok)
      return fail(400, {
        action: 'update',
        values,
        errors: parsed.errors,
        message: 'Check the fields below.',
      });
    return attemptChange('update', async () => {
      await updateSpace(await database(), governanceActor(locals), params.id, parsed.value);
      return 'Space saved.';
    });
  },
  logAction: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    const db = await database();
    const space = await getSpace(db, params.id);
    if (!space) return fail(404, { action: 'logAction', message: 'That space no longer exists.' });
    const parsed = parseSpaceActionInput(f, space.kind);
    if (!parsed.ok)
      return fail(400, {
        action: 'logAction',
        errors: parsed.errors,
        message: Object.values(parsed.errors)[0] ?? 'Check the action.',
      });
    return attemptChange('logAction', async () => {
      await logSpaceAction(db, governanceActor(locals), params.id, parsed.value);
      return `${SPACE_ACTION_LABELS[parsed.value.kind]} logged.`;
    });
  },
  narrative: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    const narrativeId = (f.narrativeId ?? '').trim();
    if (!narrativeId || (f.seen !== 'yes' && f.seen !== 'no'))
      return fail(400, { action: 'narrative', message: 'Choose a narrative.' });
    const seen = f.seen === 'yes';
    return attemptChange('narrative', async () => {
      await setSpaceNarrative(await database(), governanceActor(locals), params.id, narrativeId, seen);
      return seen ? 'Narrative added to this space.' : 'Narrative removed from this space.';
    });
  },
  linkEscalation: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    const escalationId = (f.escalationId ?? '').trim();
    if (!escalationId) return fail(400, { action: 'linkEscalation', message: 'Choose an escalation.' });
    return attemptChange('linkEscalation', async () => {
      await linkEscalationToSpace(await database(), governanceActor(locals), params.id, escalationId);
      return 'Escalation linked to this space.';
    });
  },
};
