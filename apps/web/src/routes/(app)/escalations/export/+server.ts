import { isOverdue } from '@counterpoint/core';
import { exportEscalationsPage } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { csvResponse, today } from '$lib/server/csv-stream.js';
import { escalationFilter, readEscalationParams } from '../escalation-params.js';
import type { RequestHandler } from './$types';

/**
 * Escalations under the list's filters as CSV, streamed in keyset pages: routes, times, status
 * and content links only (no reasons or outcomes, which are free text that may name people).
 * Permission: signals:export.
 */
export const GET: RequestHandler = async ({ url }) => {
  const db = await database();
  const filter = escalationFilter(readEscalationParams(url.searchParams));
  const now = new Date();
  return csvResponse({
    filename: `escalations-${filter.status ?? 'all'}-${today()}.csv`,
    header: [
      'escalation_id',
      'signal_id',
      'route',
      'route_kind',
      'status',
      'overdue',
      'category',
      'districts',
      'copies',
      'expected_response_hours',
      'sent_at',
      'acknowledged_at',
      'closed_at',
      'content_status',
      'content_last_checked_at',
      'content_removed_at',
      'content_url',
      'workbench_url',
    ],
    page: (cursor: string | null) => exportEscalationsPage(db, filter, cursor),
    cells: (r) => [
      r.id,
      r.signalId,
      r.routeName,
      r.routeKind,
      r.status,
      isOverdue(r, now),
      r.category,
      r.districts.join('; '),
      r.copies,
      r.expectedResponseHours,
      r.sentAt,
      r.acknowledgedAt,
      r.closedAt,
      r.contentStatus,
      r.lastCheckedAt,
      r.removedAt,
      r.contentUrl,
      `${url.origin}/escalations/${r.id}`,
    ],
  });
};
