import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

// A query string never changes which route matches, so these stay resolved pathnames.

/** "New narrative" starting from the given signals (repeated ?signal=). */
export function newNarrativeHref(signalIds: readonly string[] = []): ResolvedPathname {
  const q = new URLSearchParams(signalIds.map((id) => ['signal', id]));
  const query = q.size ? `?${q.toString()}` : '';
  return `${resolve('/narratives/new')}${query}` as ResolvedPathname;
}

/** The narratives list, optionally filtered by status. */
export function narrativesHref(status: string | null = null): ResolvedPathname {
  return `${resolve('/narratives')}${status ? `?status=${encodeURIComponent(status)}` : ''}` as ResolvedPathname;
}

/** A narrative's page over a chosen number of days. */
export function narrativeRangeHref(id: string, days: number): ResolvedPathname {
  return `${resolve(`/narratives/${id}`)}?days=${days}` as ResolvedPathname;
}
