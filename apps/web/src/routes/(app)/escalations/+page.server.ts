import { can, isRouteKind, ROUTE_KIND_LABELS } from '@counterpoint/core';
import { countEscalations, listDistricts, listEscalationRoutes, listEscalations } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { escalationFilter, escalationQuery, readEscalationParams } from './escalation-params.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const params = readEscalationParams(url.searchParams);
  const filter = escalationFilter(params);
  const after = url.searchParams.get('after');
  const [page, counts, routes, districts] = await Promise.all([
    listEscalations(db, filter, after),
    countEscalations(db, filter),
    listEscalationRoutes(db),
    listDistricts(db),
  ]);
  const role = locals.user!.role;
  return {
    title: 'Escalations',
    params,
    status: filter.status ?? '',
    rows: page.rows.map((r) => ({
      ...r,
      routeKindLabel: isRouteKind(r.routeKind) ? ROUTE_KIND_LABELS[r.routeKind] : r.routeKind,
    })),
    next: page.next ? escalationQuery(params, { after: page.next }) : null,
    deep: Boolean(after),
    counts,
    routes: routes.map((r) => ({ id: r.id, name: r.name, active: r.active })),
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    canManage: can(role, 'escalations:manage'),
    canExport: can(role, 'signals:export'),
  };
};
