import { exportTermsCsv } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { RequestHandler } from './$types';

/** The active version's terms (or ?version=<id>) as CSV; permission (lexicon:view) checked by the hook. */
export const GET: RequestHandler = async ({ url }) => {
  const version = url.searchParams.get('version') ?? undefined;
  const csv = await exportTermsCsv(await database(), version);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="lexicon-${day}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
