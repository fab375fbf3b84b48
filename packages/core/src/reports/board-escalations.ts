import type { BoardReportData } from './board-data.js';
import { humaniseKey, sum, type ReportTable } from './board-tables.js';

const ESCALATION_OUTCOMES = [
  { status: 'sent', label: 'Awaiting acknowledgement' },
  { status: 'acknowledged', label: 'Acknowledged' },
  { status: 'closed', label: 'Closed' },
] as const;

/** Escalations by route and outcome. */
export function escalationTable(data: BoardReportData): ReportTable {
  const escalations = sum(data.escalations.map((e) => e.count));
  const routes = new Map<string, { route: string; kind: string; counts: number[]; removed: number }>();
  for (const e of data.escalations) {
    let r = routes.get(e.routeId);
    if (!r) {
      r = { route: e.route, kind: e.kind, counts: ESCALATION_OUTCOMES.map(() => 0), removed: 0 };
      routes.set(e.routeId, r);
    }
    const i = ESCALATION_OUTCOMES.findIndex((o) => o.status === e.status);
    if (i >= 0) r.counts[i]! += e.count;
    if (e.contentRemoved) r.removed += e.count;
  }
  const routeRows = [...routes.values()].sort(
    (a, b) => sum(b.counts) - sum(a.counts) || a.route.localeCompare(b.route),
  );
  return {
    id: 'escalations',
    title: 'Escalations by route and outcome',
    note: 'Escalations sent in the period, by where they stand now. Counts only: no content or people.',
    columns: [
      { label: 'Route', kind: 'text' },
      { label: 'Kind', kind: 'text' },
      ...ESCALATION_OUTCOMES.map((o) => ({ label: o.label, kind: 'count' as const })),
      { label: 'Content removed', kind: 'count' },
      { label: 'Total', kind: 'count' },
    ],
    rows: routeRows.map((r) => [r.route, humaniseKey(r.kind), ...r.counts, r.removed, sum(r.counts)]),
    total: [
      'Total',
      null,
      ...ESCALATION_OUTCOMES.map((_, i) => sum(routeRows.map((r) => r.counts[i]!))),
      sum(routeRows.map((r) => r.removed)),
      escalations,
    ],
  };
}
