import { can, riskBand } from '@counterpoint/core';
import {
  getNarrative,
  linkSignalToNarrative,
  listNarrativeSignals,
  narrativeCampaigns,
  narrativeVolume,
  refreshNarrativeStatuses,
  removeSignalFromNarrative,
  risksLinkedTo,
  spacesForNarrative,
  suggestSignals,
  updateNarrative,
} from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { holdActions, holdView } from '$lib/server/legal-hold.js';
import { actorOf, attempt, field } from '../../signals/act.server.js';
import { formError, narrativeFormOptions, readNarrativeForm, toInput } from '../narrative-form.js';
import type { Actions, PageServerLoad } from './$types';

const RANGES = [30, 90, 365] as const;
const SIGNALS_SHOWN = 100;
const DAY = 86_400_000;

/** ?days= when it is one of the ranges; else a month for a young narrative and a quarter otherwise. */
function rangeOf(param: string | null, firstSeenAt: Date | null, now: Date): number {
  const asked = Number(param);
  if ((RANGES as readonly number[]).includes(asked)) return asked;
  return firstSeenAt && now.getTime() - firstSeenAt.getTime() > 30 * DAY ? 90 : 30;
}

export const load: PageServerLoad = async ({ params, url, locals }) => {
  const db = await database();
  // Status follows volume over time: bring this one up to date before showing it.
  await refreshNarrativeStatuses(db, { ids: [params.id] });
  const narrative = await getNarrative(db, params.id);
  if (!narrative) error(404, 'That narrative does not exist.');
  const now = new Date();
  const days = rangeOf(url.searchParams.get('days'), narrative.firstSeenAt, now);
  const canEdit = can(locals.user!.role, 'narratives:edit');
  const [volume, signals, campaigns, suggestions, options] = await Promise.all([
    narrativeVolume(db, narrative.id, { days, now }),
    listNarrativeSignals(db, narrative.id, SIGNALS_SHOWN),
    narrativeCampaigns(db, narrative.id),
    canEdit ? suggestSignals(db, narrative.id, { now }) : Promise.resolve([]),
    canEdit ? narrativeFormOptions(db) : Promise.resolve({ categories: [], districts: [] }),
  ]);
  const hold = await holdView(db, 'narrative', narrative.id, locals.user!.role);
  const role = locals.user!.role;
  const [risks, spaces] = await Promise.all([
    can(role, 'risks:view') ? risksLinkedTo(db, 'narrative', narrative.id) : Promise.resolve(null),
    can(role, 'spaces:view') ? spacesForNarrative(db, narrative.id) : Promise.resolve(null),
  ]);
  return {
    title: narrative.title,
    narrative,
    values: {
      title: narrative.title,
      summary: narrative.summary,
      category: narrative.category ?? '',
      districtIds: narrative.districts.map((d) => d.id),
    },
    days,
    ranges: RANGES,
    volume,
    signals,
    campaigns,
    suggestions,
    ...options,
    canEdit,
    hold,
    risks: risks?.map((r) => ({ ...r, band: riskBand(r.likelihood, r.impact) })) ?? null,
    spaces,
    created: url.searchParams.has('created') ? Number(url.searchParams.get('created')) || 0 : null,
    refused: Number(url.searchParams.get('refused')) || 0,
  };
};

// Permission (narratives:edit) was checked by the hook from routes.ts before each action runs.
export const actions: Actions = {
  update: async ({ params, locals, request }) => {
    const values = readNarrativeForm(await request.formData());
    try {
      await updateNarrative(await database(), actorOf(locals), params.id, toInput(values));
    } catch (e) {
      const message = formError(e);
      if (!message) throw e;
      return fail(400, { action: 'update', values, message });
    }
    return { ok: true, action: 'update', message: 'Narrative saved.' };
  },
  addSignal: async ({ params, locals, request }) => {
    const signalId = field(await request.formData(), 'signalId');
    return attempt('addSignal', async () => {
      const out = await linkSignalToNarrative(await database(), actorOf(locals), signalId, params.id);
      return out.statusChanged ? 'Signal added; it is now linked.' : 'Signal added.';
    });
  },
  removeSignal: async ({ params, locals, request }) => {
    const signalId = field(await request.formData(), 'signalId');
    return attempt('removeSignal', async () => {
      const out = await removeSignalFromNarrative(await database(), actorOf(locals), params.id, signalId);
      return out.reopened
        ? 'Signal removed. It belongs to no narrative now, so it is back in review with you.'
        : 'Signal removed.';
    });
  },
  // legal_hold:manage (supervisors and administrators), checked by the hook.
  placeHold: holdActions('narrative').placeHold,
  liftHold: holdActions('narrative').liftHold,
};
