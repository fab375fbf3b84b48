import { loadBoardReport } from '$lib/server/board-report.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, setHeaders }) => {
  const started = performance.now();
  const view = await loadBoardReport(url);
  setHeaders({ 'server-timing': `report;dur=${(performance.now() - started).toFixed(1)}` });
  return { title: 'Board report', ...view };
};
