import {
  csvLine,
  isDomainError,
  PERIOD_PRESET_LABELS,
  PERIOD_PRESETS,
  londonDay,
  resolvePeriod,
  shapeBoardReport,
  type BoardReport,
  type ReportPeriod,
  type ReportTable,
} from '@counterpoint/core';
import { boardReportData, getDistrictBySlug, listDistricts } from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { database } from './db.js';

/**
 * The board report for a request: the period and area read from the address (so a report can be
 * bookmarked, shared with another board member, printed or fetched as CSV and PDF with the same
 * figures), the figures, and the choices for the period form. Bad input is a 400 with the reason.
 */

export interface BoardReportView {
  period: ReportPeriod;
  area: { slug: string; name: string; districtId: string | null };
  report: BoardReport;
  generatedAt: string;
  /** The London day the report was made on (the latest a custom period may end). */
  today: string;
  /** The address's query, normalised: what the CSV and PDF links repeat. */
  query: string;
  choices: {
    presets: Array<{ value: string; label: string }>;
    districts: Array<{ slug: string; name: string }>;
  };
}

export async function loadBoardReport(url: URL): Promise<BoardReportView> {
  const params = url.searchParams;
  const now = new Date();
  const today = londonDay(now);
  const db = await database();
  let period: ReportPeriod;
  try {
    period = resolvePeriod(
      { preset: params.get('period'), from: params.get('from'), to: params.get('to') },
      today,
    );
  } catch (e) {
    if (isDomainError(e)) error(400, e.message);
    throw e;
  }
  const areaSlug = params.get('area') || 'county';
  let districtId: string | null = null;
  if (areaSlug !== 'county') {
    const found = await getDistrictBySlug(db, areaSlug.slice(0, 80));
    if (!found || found.tier !== 'district') error(400, 'Choose the whole county or one of its districts.');
    districtId = found.id;
  }
  const [data, districts] = await Promise.all([
    boardReportData(db, {
      from: period.from,
      to: period.to,
      previous: period.previous,
      districtId,
      today,
    }),
    listDistricts(db),
  ]);
  const query = new URLSearchParams({ period: period.preset, area: areaSlug });
  if (period.preset === 'custom') {
    query.set('from', period.from);
    query.set('to', period.to);
  }
  return {
    period,
    area: { slug: areaSlug, name: data.area.name, districtId },
    report: shapeBoardReport(data),
    generatedAt: now.toISOString(),
    today,
    query: query.toString(),
    choices: {
      presets: PERIOD_PRESETS.map((p) => ({ value: p, label: PERIOD_PRESET_LABELS[p] })),
      districts: districts.filter((d) => d.tier === 'district').map((d) => ({ slug: d.slug, name: d.name })),
    },
  };
}

/** A table as CSV (header, rows, totals); cells pass the shared formula guard. */
export function tableCsv(table: ReportTable): string {
  let out = csvLine(table.columns.map((c) => c.label));
  for (const row of table.rows) out += csvLine(row);
  if (table.total) out += csvLine(table.total);
  return out;
}
