import { compareVolumes } from '../campaigns/outcomes.js';
import type { BoardReportData } from './board-data.js';
import { humaniseKey, isCountyWide, sum, type ReportTable } from './board-tables.js';

/** Campaigns delivered, engagements by district and training uptake. */
export function engagementTables(data: BoardReportData): ReportTable[] {
  const countyWide = isCountyWide(data);
  const tables: ReportTable[] = [];
  const attendees = sum(data.training.map((t) => t.attendees));
  const engagements = sum(data.engagements.map((e) => e.count));

  // Campaigns delivered and their outcomes.
  tables.push({
    id: 'campaigns',
    title: 'Campaigns delivered and their outcomes',
    note: 'Campaigns with an activity delivered in the period. Outcome: signals on the campaign’s narratives in equal windows before and after it — association, not proof that the campaign caused a change.',
    columns: [
      { label: 'Campaign', kind: 'text' },
      { label: 'Status', kind: 'text' },
      { label: 'Activities delivered', kind: 'count' },
      { label: 'Reach', kind: 'count' },
      { label: 'Engagement', kind: 'count' },
      { label: 'Signals before', kind: 'count' },
      { label: 'Signals after', kind: 'count' },
      { label: 'Change (%)', kind: 'percent' },
      { label: 'Outcome note', kind: 'text' },
    ],
    rows: data.campaigns.map((c) => [
      c.title,
      humaniseKey(c.status),
      c.delivered,
      c.reach,
      c.engagement,
      c.outcome?.before ?? null,
      c.outcome?.after ?? null,
      c.outcome ? compareVolumes(c.outcome.before, c.outcome.after).percent : null,
      c.outcomeNote ?? (c.missingReach > 0 ? `${c.missingReach} delivered without a reach figure` : ''),
    ]),
    total: [
      'Total',
      null,
      sum(data.campaigns.map((c) => c.delivered)),
      sum(data.campaigns.map((c) => c.reach)),
      sum(data.campaigns.map((c) => c.engagement)),
      null,
      null,
      null,
      null,
    ],
  });

  // Engagements by district, one column per kind.
  const kinds = [...new Set(data.engagements.map((e) => e.kind))].sort();
  const engagementDistricts: Array<{ id: string | null; name: string }> = countyWide
    ? [...data.districts, { id: null, name: 'County-wide' }]
    : data.districts;
  const engagementRows = engagementDistricts
    .map((d) => {
      const counts = kinds.map(
        (k) => data.engagements.find((e) => e.districtId === d.id && e.kind === k)?.count ?? 0,
      );
      return { name: d.name, counts };
    })
    .filter((r) => !(r.name === 'County-wide' && sum(r.counts) === 0));
  tables.push({
    id: 'engagements',
    title: 'Engagements by district',
    note: 'Meetings, workshops, events, calls and visits logged as taking place in the period.',
    columns: [
      { label: 'District', kind: 'text' },
      ...kinds.map((k) => ({ label: humaniseKey(k), kind: 'count' as const })),
      { label: 'Total', kind: 'count' },
    ],
    rows: engagementRows.map((r) => [r.name, ...r.counts, sum(r.counts)]),
    total: ['Total', ...kinds.map((_, i) => sum(engagementRows.map((r) => r.counts[i]!))), engagements],
  });

  tables.push({
    id: 'training',
    title: 'Training uptake by sector',
    note: 'Prevent awareness sessions delivered in the period. Feedback is the mean score (1–5) weighted by attendees.',
    columns: [
      { label: 'Sector', kind: 'text' },
      { label: 'Sessions', kind: 'count' },
      { label: 'Attendees', kind: 'count' },
      { label: 'Feedback (1–5)', kind: 'decimal' },
    ],
    rows: data.training.map((t) => [humaniseKey(t.sector), t.sessions, t.attendees, t.feedback]),
    total: ['Total', sum(data.training.map((t) => t.sessions)), attendees, null],
  });

  return tables;
}
