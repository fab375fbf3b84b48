import {
  actionState,
  can,
  isDay,
  isPlanActionStatus,
  isRiskLinkType,
  isRiskStatus,
  londonDay,
  parsePlanActionInput,
  reviewState,
  riskBand,
  riskStatusOptions,
  PLAN_ACTION_STATUS_CODES,
  type PlanActionInput,
} from '@counterpoint/core';
import {
  addNote,
  changeRiskStatus,
  createPlanAction,
  getRisk,
  linkRisk,
  riskFormOptions,
  riskTimeline,
  unlinkRisk,
  updatePlanAction,
  updateRisk,
} from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { attemptChange, formRecord, governanceActor } from '$lib/server/governance.js';
import { parseRiskForm, readRiskForm, riskFormValues } from '../risk-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
  const db = await database();
  const risk = await getRisk(db, params.id);
  if (!risk) error(404, 'There is no such risk in the register.');
  const today = londonDay(new Date());
  const [options, timeline] = await Promise.all([riskFormOptions(db), riskTimeline(db, risk.id)]);
  const linked = new Set([
    ...risk.narratives.map((n) => `narrative:${n.id}`),
    ...risk.spaces.map((s) => `space:${s.id}`),
    ...risk.campaigns.map((c) => `campaign:${c.id}`),
  ]);
  const unlinked = (type: 'narrative' | 'space' | 'campaign') =>
    options.links[type].filter((o) => !linked.has(`${type}:${o.id}`));
  return {
    title: risk.title,
    today,
    risk: {
      ...risk,
      band: riskBand(risk.likelihood, risk.impact),
      review: reviewState(risk, today),
      actions: risk.actions.map((a) => ({ ...a, state: actionState(a, today) })),
    },
    values: riskFormValues(risk),
    statusOptions: riskStatusOptions(risk),
    actionStatuses: PLAN_ACTION_STATUS_CODES,
    districts: options.districts,
    owners: options.owners,
    linkOptions: {
      narrative: unlinked('narrative'),
      space: unlinked('space'),
      campaign: unlinked('campaign'),
    },
    timeline,
    canEdit: can(locals.user!.role, 'risks:edit'),
    created: url.searchParams.has('created'),
  };
};

// Permission (risks:edit) was checked by the hook from routes.ts before each action runs.
export const actions: Actions = {
  update: async ({ params, locals, request }) => {
    const values = readRiskForm(await request.formData());
    const parsed = parseRiskForm(values);
    if (!parsed.ok)
      return fail(400, {
        action: 'update',
        values,
        errors: parsed.errors,
        message: 'Check the fields below.',
      });
    const out = await attemptChange('update', async () => {
      await updateRisk(await database(), governanceActor(locals), params.id, parsed.input);
      return 'Risk saved.';
    });
    return out;
  },
  status: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    if (!isRiskStatus(f.to)) return fail(400, { action: 'status', message: 'Choose a status.' });
    const to = f.to;
    const reason = (f.reason ?? '').trim().slice(0, 1000) || null;
    return attemptChange('status', async () => {
      await changeRiskStatus(await database(), governanceActor(locals), params.id, to, reason);
      return `Risk marked ${to}.`;
    });
  },
  addAction: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    const parsed = parsePlanActionInput(f);
    if (!parsed.ok)
      return fail(400, {
        action: 'addAction',
        values: f,
        errors: parsed.errors,
        message: Object.values(parsed.errors)[0] ?? 'Check the action.',
      });
    return attemptChange('addAction', async () => {
      await createPlanAction(await database(), governanceActor(locals), params.id, parsed.value);
      return 'Plan action added.';
    });
  },
  updateAction: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    const actionId = (f.actionId ?? '').trim();
    if (!actionId) return fail(400, { action: 'updateAction', message: 'Choose a plan action.' });
    const patch: Partial<PlanActionInput> = {};
    if (f.status !== undefined) {
      if (!isPlanActionStatus(f.status))
        return fail(400, { action: 'updateAction', message: 'Choose a status.' });
      patch.status = f.status;
    }
    if (f.dueOn !== undefined) {
      if (!isDay(f.dueOn))
        return fail(400, { action: 'updateAction', message: 'Enter the due date as a date.' });
      patch.dueOn = f.dueOn;
    }
    if (f.ownerId !== undefined) patch.ownerId = f.ownerId || null;
    return attemptChange('updateAction', async () => {
      await updatePlanAction(await database(), governanceActor(locals), params.id, actionId, patch);
      return 'Plan action updated.';
    });
  },
  link: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    if (!isRiskLinkType(f.type) || !f.entityId)
      return fail(400, { action: 'link', message: 'Choose what to link.' });
    const type = f.type;
    const entityId = f.entityId;
    return attemptChange('link', async () => {
      await linkRisk(await database(), governanceActor(locals), params.id, type, entityId);
      return `Linked the ${type}.`;
    });
  },
  unlink: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    if (!isRiskLinkType(f.type) || !f.entityId)
      return fail(400, { action: 'unlink', message: 'Choose what to unlink.' });
    const type = f.type;
    const entityId = f.entityId;
    return attemptChange('unlink', async () => {
      await unlinkRisk(await database(), governanceActor(locals), params.id, type, entityId);
      return `Removed the link to the ${type}.`;
    });
  },
  note: async ({ params, locals, request }) => {
    const f = formRecord(await request.formData());
    const db = await database();
    if (!(f.body ?? '').trim()) return fail(400, { action: 'note', message: 'A note needs some text.' });
    if (!(await getRisk(db, params.id)))
      return fail(404, { action: 'note', message: 'That risk no longer exists.' });
    return attemptChange('note', async () => {
      await addNote(db, governanceActor(locals), { type: 'risk', id: params.id }, f.body ?? '');
      return 'Note added.';
    });
  },
};
