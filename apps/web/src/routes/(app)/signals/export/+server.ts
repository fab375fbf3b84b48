import { exportSignalsPage } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { csvResponse, today } from '$lib/server/csv-stream.js';
import { filterFrom } from '../queue-filter.js';
import { readParams } from '../queue-params.js';
import type { RequestHandler } from './$types';

/**
 * The queue's current view as CSV (same URL filters, same order), streamed in keyset pages.
 * Counts and content links only: no post text, no author or pseudonym. Permission: signals:export.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const db = await database();
  const filter = filterFrom(readParams(url.searchParams), locals.user!.id);
  return csvResponse({
    filename: `signals-${filter.status}-${today()}.csv`,
    header: [
      'signal_id',
      'status',
      'category',
      'band',
      'score',
      'priority',
      'raised_at',
      'first_reviewed_at',
      'platform',
      'language',
      'source',
      'districts',
      'copies',
      'escalations',
      'content_url',
      'workbench_url',
    ],
    page: (cursor: string | null) => exportSignalsPage(db, filter, cursor),
    cells: (r) => [
      r.id,
      r.status,
      r.category,
      r.uncertain ? 'uncertain' : 'signal',
      r.score,
      Math.round(r.priority * 10) / 10,
      r.createdAt,
      r.firstReviewedAt,
      r.platform,
      r.language,
      r.sourceName,
      r.districts.join('; '),
      r.copies,
      r.escalations,
      r.contentUrl,
      `${url.origin}/signals/${r.id}`,
    ],
  });
};
