import { can, MIN_PURPOSE_LENGTH } from '@counterpoint/core';
import {
  claimSignal,
  closeSignal,
  dismissSignal,
  escalateSignal,
  getSignalDetail,
  labelSignal,
  linkSignalToNarrative,
  listNotes,
  narrativeChoices,
  requestIdentityReveal,
  revealPanelForSignal,
  viewRevealedIdentity,
  addNote,
  releaseSignal,
  routeOptionsFor,
  signalEscalations,
  signalLabels,
  signalTimeline,
  schema,
} from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { captureSecrets } from '$lib/server/capture-secrets.js';
import { database } from '$lib/server/db.js';
import { holdActions, holdView } from '$lib/server/legal-hold.js';
import { actorOf, attempt, field } from '../act.server.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
  const db = await database();
  const signal = await getSignalDetail(db, params.id);
  if (!signal) error(404, 'That signal does not exist, or it was removed under the retention rules.');
  const ref = { id: signal.id, itemId: signal.item.id, clusterId: signal.cluster.id };
  const role = locals.user!.role;
  const [timeline, notes, labels, escalations, routes, narratives] = await Promise.all([
    signalTimeline(db, ref),
    listNotes(db, { type: 'signal', id: signal.id }),
    signalLabels(db, signal.item.id),
    signalEscalations(db, signal.id),
    can(role, 'signals:escalate')
      ? routeOptionsFor(db, { category: signal.category, districtIds: signal.districts.map((d) => d.id) })
      : Promise.resolve([]),
    can(role, 'signals:triage') ? narrativeChoices(db) : Promise.resolve([]),
  ]);
  const hold = await holdView(db, 'signal', signal.id, role);
  const reveal = can(role, 'identity:request')
    ? await revealPanelForSignal(db, locals.user!.id, signal.id)
    : null;
  return {
    title: 'Signal',
    signal,
    timeline,
    notes,
    labels,
    myLabel: labels.find((l) => l.userId === locals.user!.id) ?? null,
    escalations,
    routes,
    narratives,
    categories: [...schema.CATEGORIES],
    me: locals.user!.id,
    canTriage: can(role, 'signals:triage'),
    canEscalate: can(role, 'signals:escalate'),
    canEditNarratives: can(role, 'narratives:edit'),
    hold,
    reveal,
    minPurpose: MIN_PURPOSE_LENGTH,
  };
};

// Permission (signals:triage, or signals:escalate for escalate) was checked by the hook first.
export const actions: Actions = {
  link: async ({ params, locals, request }) => {
    const narrativeId = field(await request.formData(), 'narrativeId');
    return attempt('link', async () => {
      const out = await linkSignalToNarrative(await database(), actorOf(locals), params.id, narrativeId);
      return out.statusChanged ? 'Added to the narrative; the signal is linked.' : 'Added to the narrative.';
    });
  },
  claim: async ({ params, locals }) =>
    attempt('claim', async () => {
      await claimSignal(await database(), actorOf(locals), params.id);
      return 'Assigned to you.';
    }),
  release: async ({ params, locals }) =>
    attempt('release', async () => {
      await releaseSignal(await database(), actorOf(locals), params.id);
      return 'Returned to the queue.';
    }),
  dismiss: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('dismiss', async () => {
      await dismissSignal(await database(), actorOf(locals), params.id, field(data, 'reason'));
      return 'Dismissed.';
    });
  },
  escalate: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('escalate', async () => {
      await escalateSignal(await database(), actorOf(locals), params.id, {
        routeId: field(data, 'routeId'),
        reason: field(data, 'reason'),
      });
      return 'Escalated.';
    });
  },
  label: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('label', async () => {
      await labelSignal(await database(), actorOf(locals), params.id, {
        relevant: field(data, 'relevant') !== 'no',
        correctedCategory: field(data, 'relevant') === 'no' ? null : field(data, 'correctedCategory'),
      });
      return 'Label saved.';
    });
  },
  note: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('note', async () => {
      await addNote(
        await database(),
        actorOf(locals),
        { type: 'signal', id: params.id },
        field(data, 'body'),
      );
      return 'Note added.';
    });
  },
  requestReveal: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('requestReveal', async () => {
      await requestIdentityReveal(await database(), actorOf(locals), {
        signalId: params.id,
        purpose: field(data, 'purpose'),
      });
      return 'Request sent. A supervisor other than you will decide.';
    });
  },
  // The identity goes back in this response only, never in page data, and each showing is audited.
  showIdentity: async ({ locals, request }) => {
    const revealId = field(await request.formData(), 'revealId');
    let identity: {
      handle: string;
      displayName?: string | undefined;
      profileUrl?: string | undefined;
    } | null = null;
    const out = await attempt('showIdentity', async () => {
      ({ identity } = await viewRevealedIdentity(
        await database(),
        actorOf(locals),
        revealId,
        captureSecrets().identityKey,
      ));
      return 'Shown. This view is recorded in the audit trail.';
    });
    return 'ok' in out ? { ...out, identity } : out;
  },
  close: async ({ params, locals }) =>
    attempt('close', async () => {
      await closeSignal(await database(), actorOf(locals), params.id);
      return 'Closed.';
    }),
  // legal_hold:manage (supervisors and administrators), checked by the hook.
  placeHold: holdActions('signal').placeHold,
  liftHold: holdActions('signal').liftHold,
};
