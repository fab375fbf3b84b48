import { compareVolumes } from '../campaigns/outcomes.js';
import { daysBetween } from '../campaigns/london.js';
import type { BoardReportData } from './board-data.js';
import { longDay } from './period.js';

/**
 * Shapes the board report's raw figures into tables. The HTML page, its charts' figures tables,
 * the CSV downloads and the PDF are all drawn from these tables, so every output shows the same
 * numbers by construction. Values are stored already rounded; formatting only adds separators.
 */

export type CellKind = 'text' | 'count' | 'decimal' | 'percent' | 'day';
export type ReportCell = string | number | null;

export interface ReportColumn {
  label: string;
  kind: CellKind;
}

export interface ReportTable {
  /** Stable, URL-safe: names the CSV file and the section anchor. */
  id: string;
  title: string;
  /** One sentence on what the figures count. */
  note: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** A totals row, shown last and written last to the CSV. */
  total: ReportCell[] | null;
}

export type NarrativeTrend = 'new' | 'active' | 'declining';

export interface BoardHeadline {
  label: string;
  current: number | null;
  previous: number | null;
  unit: string;
  /** Percentage change; null when there is nothing to compare with. */
  percent: number | null;
  direction: 'up' | 'down' | 'same' | null;
}

export interface BoardReport {
  headline: BoardHeadline[];
  /** Every table in report order; `tableById` finds one. */
  tables: ReportTable[];
  narrativeCounts: Record<NarrativeTrend, number>;
}

/** Median of a list (the mean of the middle two for an even count); null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const hours = (seconds: number | null) => (seconds === null ? null : round1(seconds / 3600));

export function humaniseKey(key: string): string {
  const words = key.replace(/[_.]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function categoryLabel(category: string | null): string {
  return category ? humaniseKey(category) : 'Uncategorised';
}

const RISK_CHANGE_LABELS: Record<string, string> = {
  'risk.created': 'Risks added',
  'risk.updated': 'Risks updated',
  'risk.closed': 'Risks closed',
  'risk.deleted': 'Risks removed',
  'plan_action.created': 'Actions added',
  'plan_action.updated': 'Actions updated',
  'plan_action.completed': 'Actions completed',
  'plan_action.deleted': 'Actions removed',
  'seed.demo': 'Added with the demo data',
};

export function riskChangeLabel(action: string): string {
  return RISK_CHANGE_LABELS[action] ?? humaniseKey(action);
}

const ESCALATION_OUTCOMES = [
  { status: 'sent', label: 'Awaiting acknowledgement' },
  { status: 'acknowledged', label: 'Acknowledged' },
  { status: 'closed', label: 'Closed' },
] as const;

/** new: recorded in the period; declining: fewer signals than the previous period; active: the rest with signals. */
export function narrativeTrend(n: {
  createdInPeriod: boolean;
  current: number;
  previous: number;
}): NarrativeTrend | null {
  if (n.createdInPeriod) return 'new';
  if (n.current < n.previous) return 'declining';
  if (n.current > 0) return 'active';
  return null;
}

const TREND_ORDER: Record<NarrativeTrend, number> = { new: 0, active: 1, declining: 2 };

function headlineRow(
  label: string,
  current: number | null,
  previous: number | null,
  unit: string,
): BoardHeadline {
  if (current === null || previous === null)
    return { label, current, previous, unit, percent: null, direction: null };
  const c = compareVolumes(previous, current);
  return { label, current, previous, unit, percent: c.percent, direction: c.direction };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function shapeBoardReport(data: BoardReportData): BoardReport {
  const countyWide = data.area.districtId === null;
  const tables: ReportTable[] = [];

  // Headline, each figure beside the previous period's.
  const medianNow = hours(median(data.review.seconds));
  const medianBefore = hours(median(data.previous.reviewSeconds));
  const delivered = data.campaigns.filter((c) => c.delivered > 0).length;
  const attendees = sum(data.training.map((t) => t.attendees));
  const engagements = sum(data.engagements.map((e) => e.count));
  const escalations = sum(data.escalations.map((e) => e.count));
  const headline = [
    headlineRow('Signals raised', data.signals.total, data.previous.signals, 'signals'),
    headlineRow('Median hours to first review', medianNow, medianBefore, 'hours'),
    headlineRow('Escalations sent', escalations, data.previous.escalations, 'escalations'),
    headlineRow('Campaigns delivering', delivered, data.previous.campaignsDelivered, 'campaigns'),
    headlineRow('Engagements', engagements, data.previous.engagements, 'engagements'),
    headlineRow('Training attendees', attendees, data.previous.attendees, 'people'),
  ];
  tables.push({
    id: 'headline',
    title: 'Headline figures',
    note: 'Each figure for the period beside the same figure for the previous period.',
    columns: [
      { label: 'Figure', kind: 'text' },
      { label: 'This period', kind: 'decimal' },
      { label: 'Previous period', kind: 'decimal' },
      { label: 'Change (%)', kind: 'percent' },
    ],
    rows: headline.map((h) => [h.label, h.current, h.previous, h.percent]),
    total: null,
  });

  // Signals by category and district.
  const categories = [...data.signals.byCategory].sort(
    (a, b) => b.count - a.count || categoryLabel(a.category).localeCompare(categoryLabel(b.category)),
  );
  const districtCols: Array<{ id: string | null; name: string }> = countyWide
    ? [...data.districts, { id: null, name: 'Unplaced' }]
    : data.districts;
  const cell = (category: string | null, districtId: string | null) =>
    data.signals.byCategoryDistrict.find((c) => c.category === category && c.districtId === districtId)
      ?.count ?? 0;
  tables.push({
    id: 'signals-by-category-district',
    title: 'Signals by category and district',
    note: countyWide
      ? 'Signals raised in the period. A post about two districts counts in both, so the Total column (each signal once) can be less than the sum across districts.'
      : `Signals raised in the period whose post concerns ${data.area.name}.`,
    columns: [
      { label: 'Category', kind: 'text' },
      ...districtCols.map((d) => ({ label: d.name, kind: 'count' as const })),
      ...(countyWide ? [{ label: 'Total', kind: 'count' as const }] : []),
    ],
    rows: categories.map((c) => [
      categoryLabel(c.category),
      ...districtCols.map((d) => cell(c.category, d.id)),
      ...(countyWide ? [c.count] : []),
    ]),
    total: [
      'Total',
      ...districtCols.map((d) =>
        sum(data.signals.byCategoryDistrict.filter((c) => c.districtId === d.id).map((c) => c.count)),
      ),
      ...(countyWide ? [data.signals.total] : []),
    ],
  });

  // Signals per day, one column per category (the chart's figures).
  const days: string[] = [];
  for (let i = 0; i <= daysBetween(data.from, data.to); i++) {
    const d = new Date(`${data.from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    days.push(d.toISOString().slice(0, 10));
  }
  const byDay = new Map<string, number>();
  for (const r of data.signals.byDay) byDay.set(`${r.day}|${r.category ?? ''}`, r.count);
  tables.push({
    id: 'signals-by-day',
    title: 'Signals raised per day',
    note: 'Europe/London days.',
    columns: [
      { label: 'Day', kind: 'day' },
      ...categories.map((c) => ({ label: categoryLabel(c.category), kind: 'count' as const })),
      { label: 'Total', kind: 'count' },
    ],
    rows: days.map((day) => {
      const values = categories.map((c) => byDay.get(`${day}|${c.category ?? ''}`) ?? 0);
      return [day, ...values, sum(values)];
    }),
    total: ['Total', ...categories.map((c) => c.count), data.signals.total],
  });

  tables.push({
    id: 'first-review',
    title: 'Time to first review',
    note: 'From a signal being raised to the first person claiming or deciding it, over signals raised in the period.',
    columns: [
      { label: 'Measure', kind: 'text' },
      { label: 'This period', kind: 'decimal' },
      { label: 'Previous period', kind: 'decimal' },
    ],
    rows: [
      ['Signals reviewed', data.review.seconds.length, data.previous.reviewSeconds.length],
      ['Signals not yet reviewed', data.review.unreviewed, null],
      ['Median hours to first review', medianNow, medianBefore],
    ],
    total: null,
  });

  // Escalations by route and outcome.
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
  tables.push({
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
  });

  // Narratives: new, active, declining.
  const narrativeCounts: Record<NarrativeTrend, number> = { new: 0, active: 0, declining: 0 };
  const narratives = data.narratives
    .map((n) => ({ ...n, trend: narrativeTrend(n) }))
    .filter((n): n is typeof n & { trend: NarrativeTrend } => n.trend !== null)
    .sort(
      (a, b) =>
        TREND_ORDER[a.trend] - TREND_ORDER[b.trend] ||
        b.current - a.current ||
        a.title.localeCompare(b.title),
    );
  for (const n of narratives) narrativeCounts[n.trend]++;
  tables.push({
    id: 'narratives',
    title: 'Narratives: new, active and declining',
    note: 'New: recorded in the period. Declining: fewer linked signals than in the previous period. Active: the others with signals in the period.',
    columns: [
      { label: 'Narrative', kind: 'text' },
      { label: 'Trend', kind: 'text' },
      { label: 'Recorded status', kind: 'text' },
      { label: 'Signals this period', kind: 'count' },
      { label: 'Previous period', kind: 'count' },
      { label: 'Change (%)', kind: 'percent' },
    ],
    rows: narratives.map((n) => [
      n.title,
      humaniseKey(n.trend),
      humaniseKey(n.status),
      n.current,
      n.previous,
      compareVolumes(n.previous, n.current).percent,
    ]),
    total: null,
  });

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

  tables.push({
    id: 'risk-changes',
    title: 'Risk register changes',
    note: `Changes recorded in the audit trail during the period, across ${data.risksChanged} risk${data.risksChanged === 1 ? '' : 's'}${countyWide ? '' : ' (this district’s and county-wide ones)'}.`,
    columns: [
      { label: 'Change', kind: 'text' },
      { label: 'Count', kind: 'count' },
    ],
    rows: [...data.riskChanges]
      .sort((a, b) => a.action.localeCompare(b.action))
      .map((r) => [riskChangeLabel(r.action), r.count]),
    total: ['Total', sum(data.riskChanges.map((r) => r.count))],
  });

  tables.push({
    id: 'overdue-actions',
    title: 'Overdue plan actions',
    note: `Actions due before ${longDay(data.today)} that are neither done nor cancelled, as on the day the report was generated.`,
    columns: [
      { label: 'Action', kind: 'text' },
      { label: 'Risk', kind: 'text' },
      { label: 'District', kind: 'text' },
      { label: 'Owner', kind: 'text' },
      { label: 'Due', kind: 'day' },
      { label: 'Days overdue', kind: 'count' },
      { label: 'Status', kind: 'text' },
    ],
    rows: [...data.overdueActions]
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title))
      .map((a) => [
        a.title,
        a.risk ?? '—',
        a.district ?? 'County-wide',
        a.owner ?? 'Unassigned',
        a.dueOn,
        daysBetween(a.dueOn, data.today),
        humaniseKey(a.status),
      ]),
    total: null,
  });

  return { headline, tables, narrativeCounts };
}

export function tableById(report: BoardReport, id: string): ReportTable | undefined {
  return report.tables.find((t) => t.id === id);
}
