import { can, type Role } from '@counterpoint/core';
import { FORM_ACTION_RULES, ROUTE_RULES, formActionKey, type Rule } from './routes.js';

export type Decision =
  | { kind: 'allow' }
  | { kind: 'sign-in' }
  | { kind: 'forbidden'; area: string }
  | { kind: 'no-rule'; key: string };

export interface GuardRequest {
  /** SvelteKit's route id; null when no route matched (a 404). */
  routeId: string | null;
  /** The form action's name when this is a POST to a page ('default' when unnamed). */
  formAction: string | null;
  role: Role | null;
}

function allows(rule: Rule, role: Role | null): boolean | 'sign-in' {
  if (rule === 'public') return true;
  if (!role) return 'sign-in';
  if (rule === 'signed-in') return true;
  return can(role, rule);
}

/** The whole access decision for one request, from the tables in routes.ts. */
export function decide(req: GuardRequest): Decision {
  if (req.routeId === null) {
    // Unknown address: a signed-out visitor learns nothing about what exists.
    return req.role ? { kind: 'allow' } : { kind: 'sign-in' };
  }
  const route = ROUTE_RULES[req.routeId];
  if (!route) return { kind: 'no-rule', key: req.routeId };
  const page = allows(route.rule, req.role);
  if (page === 'sign-in') return { kind: 'sign-in' };
  if (!page) return { kind: 'forbidden', area: route.area };
  if (req.formAction !== null) {
    const key = formActionKey(req.routeId, req.formAction);
    const rule = FORM_ACTION_RULES[key];
    if (!rule) return { kind: 'no-rule', key };
    const action = allows(rule, req.role);
    if (action === 'sign-in') return { kind: 'sign-in' };
    if (!action) return { kind: 'forbidden', area: route.area };
  }
  return { kind: 'allow' };
}

/** The form action a request names: SvelteKit reads it from the first `?/name` parameter. */
export function formActionName(url: URL): string {
  for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1) || 'default';
  return 'default';
}

/** Only same-origin paths may be redirected to after signing in (no open redirect). */
export function safeRedirect(target: string | null | undefined, fallback: string): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
    return fallback;
  try {
    const u = new URL(target, 'http://x');
    if (u.origin !== 'http://x') return fallback;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return fallback;
  }
}
