import { loadBoardReport } from '$lib/server/board-report.js';
import { renderPdf } from '$lib/server/pdf.js';
import type { RequestHandler } from './$types';

/**
 * The board report as an A4 PDF: the report page itself, printed by the server's Chromium with
 * the requester's own session (see lib/server/pdf.ts), so the PDF and the HTML cannot disagree.
 * Permission: reports:view (and the page it prints checks it again).
 */
export const GET: RequestHandler = async ({ url, request }) => {
  // Validates the period and area first, so a bad address is a 400 rather than a Chromium run.
  const view = await loadBoardReport(url);
  const page = new URL(`/reports?${view.query}`, process.env.PDF_RENDER_ORIGIN || url.origin);
  const pdf = await renderPdf({
    url: page,
    cookie: request.headers.get('cookie') ?? '',
    footer: `Counterpoint board report · ${view.area.name} · ${view.period.label}`,
  });
  const { from, to } = view.period;
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="board-report_${view.area.slug}_${from}_${to}.pdf"`,
      'cache-control': 'private, no-store',
    },
  });
};
