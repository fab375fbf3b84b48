import { can, type Action } from '@counterpoint/core';
import type { LayoutServerLoad } from './$types';

type SectionHref =
  | '/admin'
  | '/admin/sources'
  | '/admin/import'
  | '/admin/queues'
  | '/admin/lexicon'
  | '/admin/models'
  | '/admin/routes'
  | '/admin/retention'
  | '/admin/reveals'
  | '/admin/subject-requests'
  | '/admin/audit'
  | '/admin/fairness';

const SECTIONS: ReadonlyArray<{ href: SectionHref; label: string; action: Action }> = [
  { href: '/admin', label: 'People and audit', action: 'users:manage' },
  { href: '/admin/sources', label: 'Sources', action: 'sources:view' },
  { href: '/admin/import', label: 'File import', action: 'imports:run' },
  { href: '/admin/queues', label: 'Queues', action: 'queues:manage' },
  { href: '/admin/lexicon', label: 'Lexicon', action: 'lexicon:view' },
  { href: '/admin/models', label: 'Models', action: 'models:retrain' },
  { href: '/admin/routes', label: 'Escalation routes', action: 'escalations:manage' },
  { href: '/admin/reveals', label: 'Reveal requests', action: 'identity:approve' },
  { href: '/admin/subject-requests', label: 'Subject requests', action: 'subjects:manage' },
  { href: '/admin/audit', label: 'Audit trail', action: 'audit:view' },
  { href: '/admin/retention', label: 'Retention', action: 'retention:manage' },
  { href: '/admin/fairness', label: 'Fairness', action: 'fairness:view' },
];

// The sections of Admin this person may open; the hook has already checked the page itself.
export const load: LayoutServerLoad = ({ locals }) => {
  const role = locals.user?.role;
  return { adminSections: role ? SECTIONS.filter((s) => can(role, s.action)) : [] };
};
