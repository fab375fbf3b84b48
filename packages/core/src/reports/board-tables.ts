/**
 * The board report's table types and the small helpers its sections share (board.ts assembles the
 * sections; board-signals, board-escalations, board-engagement and board-risks build them).
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
/** Seconds as hours to one decimal place. */
export const hours = (seconds: number | null) => (seconds === null ? null : round1(seconds / 3600));

export function humaniseKey(key: string): string {
  const words = key.replace(/[_.]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function categoryLabel(category: string | null): string {
  return category ? humaniseKey(category) : 'Uncategorised';
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The whole county (no district chosen). */
export const isCountyWide = (data: { area: { districtId: string | null } }) => data.area.districtId === null;
