import {
  ROUTE_KIND_LABELS,
  ROUTE_MATCH_LABELS,
  isRouteKind,
  PACKAGE_PART_LABELS,
  isPackagePart,
} from '@counterpoint/core';
import { listEscalationRoutes, setEscalationRouteActive } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field } from '../../signals/act.server.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
  const routes = await listEscalationRoutes(await database());
  return {
    title: 'Escalation routes',
    added: url.searchParams.get('added') === '1',
    routes: routes.map((r) => ({
      ...r,
      kindLabel: isRouteKind(r.kind) ? ROUTE_KIND_LABELS[r.kind] : r.kind,
      scope:
        r.category && r.districtId
          ? ROUTE_MATCH_LABELS.category_district
          : r.category
            ? ROUTE_MATCH_LABELS.category
            : r.districtId
              ? ROUTE_MATCH_LABELS.district
              : ROUTE_MATCH_LABELS.any,
      parts: r.packageContents.map((p) => ({
        code: p,
        label: isPackagePart(p) ? PACKAGE_PART_LABELS[p] : p,
      })),
    })),
  };
};

// Permission (escalations:manage) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  setActive: async ({ request, locals }) => {
    const data = await request.formData();
    const active = field(data, 'active') === 'true';
    return attempt('setActive', async () => {
      await setEscalationRouteActive(await database(), actorOf(locals), field(data, 'id'), active);
      return active ? 'Route switched on: it is offered when escalating again.' : 'Route switched off.';
    });
  },
};
