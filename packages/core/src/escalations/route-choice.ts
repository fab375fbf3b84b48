/**
 * Which escalation route fits a signal. Routes are agreed per category and district; a null
 * category or district on a route means "any". Within one kind of route (platform report, police,
 * safeguarding lead, board) the most specific route that applies is the one to use: an exact
 * category and district beats the category alone, which beats the district alone, which beats a
 * route for anything. Different kinds are different pathways, so each kind gets its own choice.
 */

export const ROUTE_KIND_ORDER = [
  'platform_report',
  'ct_policing',
  'safeguarding_lead',
  'partnership_board',
] as const;
export type RouteKind = (typeof ROUTE_KIND_ORDER)[number];

export const ROUTE_KIND_LABELS: Record<RouteKind, string> = {
  platform_report: 'Report to the platform',
  ct_policing: 'Counter-terrorism policing',
  safeguarding_lead: 'District safeguarding lead',
  partnership_board: 'Partnership board',
};

export function isRouteKind(v: unknown): v is RouteKind {
  return typeof v === 'string' && (ROUTE_KIND_ORDER as readonly string[]).includes(v);
}

/** How a route applies to a signal, most specific first. */
export const ROUTE_MATCHES = ['category_district', 'category', 'district', 'any'] as const;
export type RouteMatch = (typeof ROUTE_MATCHES)[number];

export const ROUTE_MATCH_LABELS: Record<RouteMatch, string> = {
  category_district: 'Category and district',
  category: 'Category',
  district: 'District',
  any: 'Any signal',
};

export interface RouteCandidate {
  id: string;
  name: string;
  kind: string;
  category: string | null;
  districtId: string | null;
  active: boolean;
}

export interface SignalPlace {
  category: string | null;
  districtIds: readonly string[];
}

/** How the route applies to the signal, or null when it does not (inactive, or another category or district). */
export function routeMatch(route: RouteCandidate, signal: SignalPlace): RouteMatch | null {
  if (!route.active) return null;
  if (route.category !== null && route.category !== signal.category) return null;
  if (route.districtId !== null && !signal.districtIds.includes(route.districtId)) return null;
  if (route.category !== null && route.districtId !== null) return 'category_district';
  if (route.category !== null) return 'category';
  if (route.districtId !== null) return 'district';
  return 'any';
}

export interface RankedRoute<R extends RouteCandidate> {
  route: R;
  /** null: an active route that does not apply to this signal (offered last, never suggested). */
  match: RouteMatch | null;
  /** The most specific applicable route of its kind (ties are all suggested). */
  suggested: boolean;
}

const kindRank = (kind: string) => {
  const i = (ROUTE_KIND_ORDER as readonly string[]).indexOf(kind);
  return i < 0 ? ROUTE_KIND_ORDER.length : i;
};
const matchRank = (m: RouteMatch | null) => (m === null ? ROUTE_MATCHES.length : ROUTE_MATCHES.indexOf(m));

/**
 * Every active route, ordered for the escalate dialog: suggested routes first, then other routes
 * that apply, then those that do not; within each, the more specific match, then the kind's
 * usual order, then the name. Inactive routes are left out.
 */
export function rankRoutes<R extends RouteCandidate>(
  routes: readonly R[],
  signal: SignalPlace,
): RankedRoute<R>[] {
  const active = routes.filter((r) => r.active);
  const matched = active.map((route) => ({ route, match: routeMatch(route, signal) }));
  const bestPerKind = new Map<string, number>();
  for (const m of matched) {
    if (m.match === null) continue;
    const rank = matchRank(m.match);
    const best = bestPerKind.get(m.route.kind);
    if (best === undefined || rank < best) bestPerKind.set(m.route.kind, rank);
  }
  return matched
    .map((m) => ({
      ...m,
      suggested: m.match !== null && bestPerKind.get(m.route.kind) === matchRank(m.match),
    }))
    .sort(
      (a, b) =>
        Number(b.suggested) - Number(a.suggested) ||
        matchRank(a.match) - matchRank(b.match) ||
        kindRank(a.route.kind) - kindRank(b.route.kind) ||
        a.route.name.localeCompare(b.route.name, 'en-GB'),
    );
}

/** The route to use for one kind of pathway, or undefined when none applies. */
export function chooseRoute<R extends RouteCandidate>(
  routes: readonly R[],
  signal: SignalPlace,
  kind: string,
): R | undefined {
  return rankRoutes(
    routes.filter((r) => r.kind === kind),
    signal,
  ).find((r) => r.suggested)?.route;
}
