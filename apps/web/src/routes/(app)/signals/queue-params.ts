/**
 * The queue's filters live in the URL query so a view can be bookmarked, shared and saved. This
 * module reads and writes them; it runs on the server (load) and in the browser (filter bar).
 */

export const STATUS_TABS = [
  { value: 'new', label: 'New' },
  { value: 'in_review', label: 'In review' },
  { value: 'escalated', label: 'Escalated' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'linked', label: 'Linked' },
  { value: 'closed', label: 'Closed' },
] as const;

export type StatusValue = (typeof STATUS_TABS)[number]['value'];

/** Every filter key the queue understands; anything else in the query is ignored. */
export const FILTER_KEYS = [
  'status',
  'category',
  'district',
  'source',
  'language',
  'band',
  'assignee',
  'from',
  'to',
  'q',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type QueueParams = Partial<Record<FilterKey, string>>;

export function readParams(search: URLSearchParams): QueueParams {
  const out: QueueParams = {};
  for (const k of FILTER_KEYS) {
    const v = search.get(k)?.trim();
    if (v) out[k] = v.slice(0, 200);
  }
  return out;
}

export function statusOf(p: QueueParams): StatusValue {
  return STATUS_TABS.find((t) => t.value === p.status)?.value ?? 'new';
}

/** A query string for the given filters ('new' and 'priority' are defaults, left out). */
export function toQuery(p: QueueParams, extra: Record<string, string> = {}): string {
  const s = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = p[k];
    if (!v) continue;
    if (k === 'status' && v === 'new') continue;
    if (k === 'sort' && v === 'priority') continue;
    s.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) s.set(k, v);
  const q = s.toString();
  return q ? `?${q}` : '';
}

/** Filters other than status and sort that are set (for "Clear filters" and the summary). */
export function activeFilterCount(p: QueueParams): number {
  return FILTER_KEYS.filter((k) => k !== 'status' && k !== 'sort' && p[k]).length;
}
