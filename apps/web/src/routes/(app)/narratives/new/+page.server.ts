import {
  NARRATIVE_CREATE_MAX_SIGNALS,
  createNarrative,
  signalPreviews,
  type SignalPreview,
} from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf } from '../../signals/act.server.js';
import {
  EMPTY_NARRATIVE,
  formError,
  narrativeFormOptions,
  readNarrativeForm,
  signalIdsOf,
  toInput,
  type NarrativeFormValues,
} from '../narrative-form.js';
import type { Actions, PageServerLoad } from './$types';

/** The most common category among the signals, and every district they mention: a starting point. */
function startFrom(signals: SignalPreview[]): NarrativeFormValues {
  const tally = new Map<string, number>();
  for (const s of signals) if (s.category) tally.set(s.category, (tally.get(s.category) ?? 0) + 1);
  const category = [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const districtIds = [...new Set(signals.flatMap((s) => s.districts.map((d) => d.id)))];
  return { ...EMPTY_NARRATIVE, category, districtIds };
}

// ?signal=<id> (repeated) names the signals to start from: the queue's selection or a signal's page.
export const load: PageServerLoad = async ({ url }) => {
  const db = await database();
  const ids = [...new Set(url.searchParams.getAll('signal'))].slice(0, NARRATIVE_CREATE_MAX_SIGNALS);
  const signals = await signalPreviews(db, ids);
  return {
    title: 'New narrative',
    signals,
    missing: ids.length - signals.length,
    values: startFrom(signals),
    ...(await narrativeFormOptions(db)),
  };
};

// Permission (narratives:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const data = await request.formData();
    const values = readNarrativeForm(data);
    const signalIds = signalIdsOf(data);
    let out;
    try {
      out = await createNarrative(await database(), actorOf(locals), { ...toInput(values), signalIds });
    } catch (e) {
      const message = formError(e);
      if (!message) throw e;
      return fail(400, { values, message });
    }
    const q = new URLSearchParams({ created: String(out.linked) });
    if (out.refused.length) q.set('refused', String(out.refused.length));
    redirect(303, `/narratives/${out.id}?${q.toString()}`);
  },
};
