import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/** Links within the lexicon page, keeping the current filters. */
export function lexiconHref(
  filters: Record<string, string>,
  params: Record<string, string> = {},
): ResolvedPathname {
  const merged: Record<string, string> = { ...filters, ...params };
  const query = Object.entries(merged)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  // A query string never changes which route matches, so the result is still a resolved path.
  return `${resolve('/admin/lexicon')}${query ? `?${query}` : ''}` as ResolvedPathname;
}

/** The models page comparing (or, with `activate`, confirming) one model against the active one. */
export function modelsHref(id: string, activate = false): ResolvedPathname {
  return `${resolve('/admin/models')}?${activate ? 'activate' : 'compare'}=${encodeURIComponent(id)}` as ResolvedPathname;
}
