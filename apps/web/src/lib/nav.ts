import { can, type Action, type Role } from '@counterpoint/core';

/** The workbench's areas, in the order the navigation shows them. */
export type AreaHref =
  '/' | '/signals' | '/narratives' | '/campaigns' | '/outreach' | '/localities' | '/reports' | '/admin';

export interface Area {
  href: AreaHref;
  label: string;
  action: Action;
  /** One line for the dashboard and for empty states. */
  summary: string;
}

export const AREAS: readonly Area[] = [
  { href: '/', label: 'Dashboard', action: 'dashboard:view', summary: 'Today at a glance.' },
  {
    href: '/signals',
    label: 'Signals',
    action: 'signals:view',
    summary: 'Public posts the lexicon and classifier flagged for a person to review.',
  },
  {
    href: '/narratives',
    label: 'Narratives',
    action: 'narratives:view',
    summary: 'Recurring themes that link signals together.',
  },
  {
    href: '/campaigns',
    label: 'Campaigns',
    action: 'campaigns:view',
    summary: 'Counter-narrative campaigns, their activities and messages.',
  },
  {
    href: '/outreach',
    label: 'Outreach',
    action: 'outreach:view',
    summary: 'Engagements with organisations and the follow-ups they need.',
  },
  {
    href: '/localities',
    label: 'Localities',
    action: 'localities:view',
    summary: 'Districts of the county and the places named within them.',
  },
  {
    href: '/reports',
    label: 'Reports',
    action: 'reports:view',
    summary: 'Board reports, the risk register and the plan of actions.',
  },
  { href: '/admin', label: 'Admin', action: 'users:manage', summary: 'People, roles and the audit trail.' },
];

export function areasFor(role: Role): Area[] {
  return AREAS.filter((a) => can(role, a.action));
}

/** Where a person lands after signing in: the first area their role may open. */
export function homeFor(role: Role): AreaHref | '/no-access' {
  return areasFor(role)[0]?.href ?? '/no-access';
}
