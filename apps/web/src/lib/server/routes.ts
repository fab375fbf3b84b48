import type { Action } from '@counterpoint/core';

/**
 * The one table the server checks before any page loads or any form action runs. Every SvelteKit
 * route id must appear here; a route without a rule is refused (and fails the routes test), so a
 * new page cannot ship open by accident.
 *
 *  - 'public': anyone, signed in or not (the sign-in page).
 *  - 'signed-in': anyone with a session, whatever their role (signing out, the refusal page).
 *  - an Action: the role must be allowed it by `can(role, action)`.
 */
export type Rule = 'public' | 'signed-in' | Action;

export interface RouteRule {
  rule: Rule;
  /** How the refusal page names what was refused: "You don't have access to Admin". */
  area: string;
}

export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  '/sign-in': { rule: 'public', area: 'Sign in' },
  '/sign-out': { rule: 'signed-in', area: 'Sign out' },
  '/(app)': { rule: 'dashboard:view', area: 'the Dashboard' },
  '/(app)/no-access': { rule: 'signed-in', area: 'this page' },
  '/(app)/signals': { rule: 'signals:view', area: 'Signals' },
  '/(app)/narratives': { rule: 'narratives:view', area: 'Narratives' },
  '/(app)/campaigns': { rule: 'campaigns:view', area: 'Campaigns' },
  '/(app)/outreach': { rule: 'outreach:view', area: 'Outreach' },
  '/(app)/localities': { rule: 'localities:view', area: 'Localities' },
  '/(app)/reports': { rule: 'reports:view', area: 'Reports' },
  '/(app)/admin': { rule: 'users:manage', area: 'Admin' },
};

/**
 * Named form actions, keyed `<route id>?/<action name>` ('default' for an unnamed action). The
 * page's own rule is checked as well, so an action can only narrow access, never widen it.
 */
export const FORM_ACTION_RULES: Readonly<Record<string, Rule>> = {
  '/sign-in?/default': 'public',
  '/sign-out?/default': 'signed-in',
  '/(app)/admin?/addUser': 'users:manage',
};

export function formActionKey(routeId: string, name: string): string {
  return `${routeId}?/${name}`;
}
