import { compareVolumes } from '../campaigns/outcomes.js';
import { daysBetween } from '../campaigns/london.js';
import type { BoardReportData } from './board-data.js';
import {
  categoryLabel,
  hours,
  humaniseKey,
  isCountyWide,
  median,
  sum,
  type NarrativeTrend,
  type ReportTable,
} from './board-tables.js';

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

/** Signals by category and district, per day, and time to first review. */
export function signalTables(data: BoardReportData): ReportTable[] {
  const countyWide = isCountyWide(data);
  const tables: ReportTable[] = [];
  const medianNow = hours(median(data.review.seconds));
  const medianBefore = hours(median(data.previous.reviewSeconds));

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

  return tables;
}

/** Narratives new, active and declining in the period, and how many of each. */
export function narrativeSection(data: BoardReportData): {
  table: ReportTable;
  narrativeCounts: Record<NarrativeTrend, number>;
} {
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
  const table: ReportTable = {
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
  };
  return { table, narrativeCounts };
}
