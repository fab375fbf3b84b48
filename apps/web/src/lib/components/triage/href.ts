import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/**
 * The queue's address with a query string. `resolve` adds the base path; a query string never
 * changes which route matches, so the result is still a resolved pathname.
 */
export function queueHref(query = ''): ResolvedPathname {
  return `${resolve('/signals')}${query}` as ResolvedPathname;
}
