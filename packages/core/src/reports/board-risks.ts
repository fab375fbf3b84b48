import { daysBetween } from '../campaigns/london.js';
import type { BoardReportData } from './board-data.js';
import { longDay } from './period.js';
import { humaniseKey, isCountyWide, sum, type ReportTable } from './board-tables.js';

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

/** Risk register changes and overdue plan actions. */
export function riskTables(data: BoardReportData): ReportTable[] {
  const countyWide = isCountyWide(data);
  const tables: ReportTable[] = [];
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

  return tables;
}
