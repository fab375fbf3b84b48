import { ROLE_LABELS } from '@counterpoint/core';
import { error } from '@sveltejs/kit';
import { areasFor, homeFor } from '$lib/nav.js';
import type { LayoutServerLoad } from './$types';

// The hook has already refused anyone without a session or permission; this only shapes the shell.
export const load: LayoutServerLoad = ({ locals }) => {
  const user = locals.user;
  if (!user) error(401, 'Please sign in.');
  return {
    user: { name: user.name, email: user.email, role: user.role, roleLabel: ROLE_LABELS[user.role] },
    nav: areasFor(user.role).map((a) => ({ href: a.href, label: a.label })),
    // The brand and breadcrumb lead here: the dashboard, or for a role without it (board viewers)
    // the first area it may open, so no link in the shell leads to a refusal.
    home: homeFor(user.role),
  };
};
