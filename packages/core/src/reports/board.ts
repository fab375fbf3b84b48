import { compareVolumes } from '../campaigns/outcomes.js';
import type { BoardReportData } from './board-data.js';
import { engagementTables } from './board-engagement.js';
import { escalationTable } from './board-escalations.js';
import { riskTables } from './board-risks.js';
import { narrativeSection, signalTables } from './board-signals.js';
import {
  hours,
  median,
  sum,
  type BoardHeadline,
  type BoardReport,
  type ReportTable,
} from './board-tables.js';

/**
 * Shapes the board report's raw figures into tables. The HTML page, its charts' figures tables,
 * the CSV downloads and the PDF are all drawn from these tables, so every output shows the same
 * numbers by construction. Values are stored already rounded; formatting only adds separators.
 */

export {
  categoryLabel,
  humaniseKey,
  median,
  type BoardHeadline,
  type BoardReport,
  type CellKind,
  type NarrativeTrend,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './board-tables.js';
export { narrativeTrend } from './board-signals.js';
export { riskChangeLabel } from './board-risks.js';

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

export function shapeBoardReport(data: BoardReportData): BoardReport {
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

  tables.push(...signalTables(data), escalationTable(data));
  const narratives = narrativeSection(data);
  tables.push(narratives.table, ...engagementTables(data), ...riskTables(data));

  return { headline, tables, narrativeCounts: narratives.narrativeCounts };
}

export function tableById(report: BoardReport, id: string): ReportTable | undefined {
  return report.tables.find((t) => t.id === id);
}
