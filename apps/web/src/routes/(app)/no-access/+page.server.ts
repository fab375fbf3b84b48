import { homeFor } from '$lib/nav.js';
import type { PageServerLoad } from './$types';

// Rendered by the permission hook (with status 403) in place of a page the role may not open.
export const load: PageServerLoad = ({ url, locals }) => ({
  title: 'No access',
  area: url.searchParams.get('area')?.slice(0, 60) || 'this page',
  home: locals.user ? homeFor(locals.user.role) : '/',
});
