import { can, isPackagePart, isRouteKind, PACKAGE_PART_LABELS, ROUTE_KIND_LABELS } from '@counterpoint/core';
import { acknowledgeEscalation, closeEscalation, getEscalation } from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field } from '../../signals/act.server.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
  const escalation = await getEscalation(await database(), params.id);
  if (!escalation) error(404, 'That escalation does not exist.');
  return {
    title: `Escalation to ${escalation.routeName}`,
    escalation: {
      ...escalation,
      routeKindLabel: isRouteKind(escalation.routeKind)
        ? ROUTE_KIND_LABELS[escalation.routeKind]
        : escalation.routeKind,
    },
    partLabels: Object.fromEntries(
      Object.keys(escalation.package).map((k) => [k, isPackagePart(k) ? PACKAGE_PART_LABELS[k] : k]),
    ),
    canManage: can(locals.user!.role, 'escalations:manage'),
  };
};

// Permission (escalations:manage) was checked by the hook from routes.ts before these run.
export const actions: Actions = {
  acknowledge: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('acknowledge', async () => {
      await acknowledgeEscalation(await database(), actorOf(locals), params.id, field(data, 'note'));
      return 'Recorded as acknowledged.';
    });
  },
  close: async ({ params, locals, request }) => {
    const data = await request.formData();
    return attempt('close', async () => {
      await closeEscalation(await database(), actorOf(locals), params.id, field(data, 'outcome'));
      return 'Closed with its outcome.';
    });
  },
};
