import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import type { EscalationFilter, EscalationListStatus } from '@counterpoint/db';

/** The list's filters live in the URL, so a view can be shared and the CSV export follows it. */
export const ESCALATION_TABS: ReadonlyArray<{ value: EscalationListStatus | ''; label: string }> = [
  { value: '', label: 'All' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'sent', label: 'Sent' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'closed', label: 'Closed' },
];

export interface EscalationParams {
  status?: string;
  route?: string;
  district?: string;
}

const KEYS = ['status', 'route', 'district'] as const;

export function readEscalationParams(search: URLSearchParams): EscalationParams {
  const out: EscalationParams = {};
  for (const k of KEYS) {
    const v = search.get(k)?.trim();
    if (v) out[k] = v.slice(0, 100);
  }
  return out;
}

export function escalationFilter(p: EscalationParams): EscalationFilter {
  const status = ESCALATION_TABS.find((t) => t.value !== '' && t.value === p.status)?.value;
  return {
    status: status === '' ? undefined : status,
    routeId: p.route,
    districtId: p.district,
  };
}

export function escalationQuery(p: EscalationParams, extra: Record<string, string> = {}): string {
  const s = new URLSearchParams();
  for (const k of KEYS) if (p[k]) s.set(k, p[k]);
  for (const [k, v] of Object.entries(extra))
    if (v) s.set(k, v);
    else s.delete(k);
  const q = s.toString();
  return q ? `?${q}` : '';
}

/** The list's (or its export's) address with a query string; the query never changes the route. */
export function escalationsHref(query = '', exportCsv = false): ResolvedPathname {
  return `${exportCsv ? resolve('/escalations/export') : resolve('/escalations')}${query}` as ResolvedPathname;
}
