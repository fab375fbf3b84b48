import { can, type Action } from '@counterpoint/core';
import type { LayoutServerLoad } from './$types';

export type OutreachSectionHref =
  | '/outreach'
  | '/outreach/follow-ups'
  | '/outreach/contacts'
  | '/outreach/organisations'
  | '/outreach/training';

const SECTIONS: ReadonlyArray<{ href: OutreachSectionHref; label: string; action: Action }> = [
  { href: '/outreach', label: 'Engagement log', action: 'outreach:view' },
  { href: '/outreach/follow-ups', label: 'My follow-ups', action: 'outreach:view' },
  { href: '/outreach/contacts', label: 'Contacts', action: 'contacts:view' },
  { href: '/outreach/organisations', label: 'Organisations', action: 'contacts:view' },
  { href: '/outreach/training', label: 'Training record', action: 'outreach:view' },
];

// The parts of Outreach this person may open; the hook has already checked the page itself.
export const load: LayoutServerLoad = ({ locals }) => {
  const role = locals.user?.role;
  return { outreachSections: role ? SECTIONS.filter((s) => can(role, s.action)) : [] };
};
