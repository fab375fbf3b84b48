/**
 * The one table of who may do what. Every route and form action in the web app and every API
 * endpoint names one of these actions; the server checks it before doing anything else.
 */
export const ROLES = [
  'admin',
  'supervisor',
  'analyst',
  'communications_officer',
  'engagement_officer',
  'board_viewer',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  supervisor: 'Supervisor',
  analyst: 'Analyst',
  communications_officer: 'Communications officer',
  engagement_officer: 'Engagement officer',
  board_viewer: 'Board viewer',
};

export const ACTIONS = [
  'dashboard:view',
  'signals:view',
  'signals:triage',
  'signals:escalate',
  'signals:export',
  'narratives:view',
  'narratives:edit',
  'escalations:manage',
  'campaigns:view',
  'campaigns:edit',
  'campaigns:approve',
  'outreach:view',
  'outreach:edit',
  'contacts:view',
  'contacts:edit',
  'training:edit',
  'localities:view',
  'risks:view',
  'risks:edit',
  'spaces:view',
  'spaces:edit',
  'reports:view',
  'fairness:view',
  'identity:request',
  'identity:approve',
  'lexicon:view',
  'lexicon:edit',
  'models:retrain',
  'models:activate',
  'sources:view',
  'sources:edit',
  'imports:run',
  'queues:manage',
  'users:manage',
  'audit:view',
  'subjects:manage',
  'retention:manage',
  'legal_hold:manage',
  'settings:manage',
  'api:push',
] as const;

export type Action = (typeof ACTIONS)[number];

const ANALYST: readonly Action[] = [
  'dashboard:view',
  'signals:view',
  'signals:triage',
  'signals:escalate',
  'signals:export',
  'narratives:view',
  'narratives:edit',
  'campaigns:view',
  'outreach:view',
  'localities:view',
  // The risk and spaces registers (issue 9) are read by the people who work the partnership plan;
  // supervisors keep them. Board viewers see only the board report.
  'risks:view',
  'spaces:view',
  'reports:view',
  'identity:request',
  'lexicon:view',
  'sources:view',
  'imports:run',
];

const COMMS: readonly Action[] = [
  'dashboard:view',
  'narratives:view',
  'campaigns:view',
  'campaigns:edit',
  'outreach:view',
  'contacts:view',
  'localities:view',
  'risks:view',
  'spaces:view',
  'reports:view',
];

const ENGAGEMENT: readonly Action[] = [
  'dashboard:view',
  'narratives:view',
  'campaigns:view',
  'outreach:view',
  'outreach:edit',
  'contacts:view',
  'contacts:edit',
  'training:edit',
  'localities:view',
  'risks:view',
  'spaces:view',
  'reports:view',
];

const SUPERVISOR: readonly Action[] = [
  ...new Set<Action>([
    ...ANALYST,
    ...COMMS,
    ...ENGAGEMENT,
    'escalations:manage',
    'campaigns:approve',
    'risks:edit',
    'spaces:edit',
    'fairness:view',
    'identity:approve',
    'lexicon:edit',
    'models:retrain',
    'models:activate',
    'sources:edit',
    'queues:manage',
    'audit:view',
    'subjects:manage',
    'legal_hold:manage',
  ]),
];

// Administrators run the system; they do not approve identity reveals or campaign messages,
// which stay with supervisors so that a technical role cannot unmask authors on its own.
const ADMIN: readonly Action[] = ACTIONS.filter(
  (a) => a !== 'identity:approve' && a !== 'identity:request' && a !== 'campaigns:approve',
);

export const PERMISSIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  admin: new Set(ADMIN),
  supervisor: new Set(SUPERVISOR),
  analyst: new Set(ANALYST),
  communications_officer: new Set(COMMS),
  engagement_officer: new Set(ENGAGEMENT),
  board_viewer: new Set<Action>(['reports:view']),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, action: Action): boolean {
  if (!role) return false;
  return PERMISSIONS[role].has(action);
}
