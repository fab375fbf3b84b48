import { can, type Action, type Role } from '@counterpoint/core';

/** The workbench's areas, in the order the navigation shows them. */
export type AreaHref =
  | '/'
  | '/alerts'
  | '/signals'
  | '/escalations'
  | '/narratives'
  | '/campaigns'
  | '/outreach'
  | '/risks'
  | '/spaces'
  | '/localities'
  | '/reports'
  | '/admin'
  | '/admin/sources'
  | '/admin/lexicon'
  | '/admin/queues'
  | '/admin/import'
  | '/admin/routes'
  | '/admin/reveals'
  | '/admin/audit'
  | '/admin/fairness';

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
    href: '/alerts',
    label: 'Alerts',
    action: 'dashboard:view',
    summary: 'Spikes in daily volume by category and district, and who has looked at them.',
  },
  {
    href: '/signals',
    label: 'Signals',
    action: 'signals:view',
    summary: 'Public posts the lexicon and classifier flagged for a person to review.',
  },
  {
    href: '/escalations',
    label: 'Escalations',
    action: 'signals:escalate',
    summary: 'Signals sent down the agreed referral routes and what became of them.',
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
    summary: 'Engagements, follow-ups, community contacts and the training record.',
  },
  {
    href: '/risks',
    label: 'Risks',
    action: 'risks:view',
    summary: 'The locality risk register: ratings, owners, plan actions and review dates.',
  },
  {
    href: '/spaces',
    label: 'Spaces',
    action: 'spaces:view',
    summary: 'Online groups and channels and offline venues where harmful narratives circulate.',
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

/**
 * Admin is several pages with different permissions (people for administrators; sources, the
 * lexicon, queues and imports for supervisors and analysts), so its navigation item leads to the
 * first of them the role may open, and is shown when there is one.
 */
const ADMIN_PAGES: ReadonlyArray<{ href: AreaHref; action: Action }> = [
  { href: '/admin', action: 'users:manage' },
  { href: '/admin/sources', action: 'sources:view' },
  { href: '/admin/lexicon', action: 'lexicon:view' },
  { href: '/admin/queues', action: 'queues:manage' },
  { href: '/admin/import', action: 'imports:run' },
  { href: '/admin/routes', action: 'escalations:manage' },
  { href: '/admin/reveals', action: 'identity:approve' },
  { href: '/admin/audit', action: 'audit:view' },
  { href: '/admin/fairness', action: 'fairness:view' },
];

export function areasFor(role: Role): Area[] {
  return AREAS.flatMap((a) => {
    if (a.href !== '/admin') return can(role, a.action) ? [a] : [];
    const page = ADMIN_PAGES.find((p) => can(role, p.action));
    return page ? [{ ...a, href: page.href, action: page.action }] : [];
  });
}

/** Where a person lands after signing in: the first area their role may open. */
export function homeFor(role: Role): AreaHref | '/no-access' {
  return areasFor(role)[0]?.href ?? '/no-access';
}
