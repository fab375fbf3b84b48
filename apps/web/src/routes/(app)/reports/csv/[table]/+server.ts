import { tableCsvName } from '@counterpoint/core';
import { error } from '@sveltejs/kit';
import { loadBoardReport, tableCsv } from '$lib/server/board-report.js';
import { zip } from '$lib/server/zip.js';
import type { RequestHandler } from './$types';

/**
 * One table of the board report as CSV (`/reports/csv/<table id>?<the report's query>`), or every
 * table in one ZIP (`/reports/csv/all`). The numbers come from the same shaped tables the page
 * shows. Permission: reports:view.
 */
export const GET: RequestHandler = async ({ params, url }) => {
  const view = await loadBoardReport(url);
  const { from, to } = view.period;
  const name = (id: string) => tableCsvName(view.area.slug, from, to, id);
  const headers = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' };
  if (params.table === 'all') {
    const archive = zip(view.report.tables.map((t) => ({ name: name(t.id), content: tableCsv(t) })));
    return new Response(new Uint8Array(archive), {
      headers: {
        ...headers,
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${name('all').replace(/\.csv$/, '.zip')}"`,
      },
    });
  }
  const table = view.report.tables.find((t) => t.id === params.table);
  if (!table) error(404, 'The board report has no such table.');
  return new Response(tableCsv(table), {
    headers: {
      ...headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name(table.id)}"`,
    },
  });
};
