import { alertSummary, alertTitle, can } from '@counterpoint/core';
import { acknowledgeAlert, listAlerts, listSubscriptions } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field } from '../signals/act.server.js';
import type { Actions, PageServerLoad } from './$types';

const STATUSES = ['open', 'acknowledged', 'all'] as const;
type Status = (typeof STATUSES)[number];
const PAGE = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = locals.user!;
  const db = await database();
  const raw = url.searchParams.get('status');
  const status: Status = (STATUSES as readonly string[]).includes(raw ?? '') ? (raw as Status) : 'open';
  const mine = url.searchParams.get('mine') === '1';
  // Keyset paging: ?before=<ISO time>~<alert id> of the last row shown.
  const [beforeAt, beforeId] = (url.searchParams.get('before') ?? '').split('~');
  const beforeDate = beforeAt ? new Date(beforeAt) : null;
  const before =
    beforeDate && !Number.isNaN(beforeDate.getTime()) && beforeId
      ? { createdAt: beforeDate, id: beforeId }
      : undefined;
  const [rows, subscriptions] = await Promise.all([
    listAlerts(db, {
      status,
      limit: PAGE + 1,
      ...(mine ? { mineFor: user.id } : {}),
      ...(before ? { before } : {}),
    }),
    listSubscriptions(db, user.id),
  ]);
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    title: 'Alerts',
    status,
    mine,
    alerts: page.map((a) => ({
      id: a.id,
      title: alertTitle(a),
      summary: alertSummary(a),
      day: a.day,
      count: a.count,
      baseline: a.baseline,
      z: a.z,
      createdAt: a.createdAt,
      acknowledgedAt: a.acknowledgedAt,
      acknowledgedByName: a.acknowledgedByName,
    })),
    next: rows.length > PAGE && last ? `${last.createdAt.toISOString()}~${last.id}` : null,
    subscriptionCount: subscriptions.filter((s) => s.enabled).length,
    canAcknowledge: can(user.role, 'signals:triage'),
  };
};

export const actions: Actions = {
  acknowledge: async ({ request, locals }) => {
    const data = await request.formData();
    const id = field(data, 'id');
    return attempt('acknowledge', async () => {
      await acknowledgeAlert(await database(), actorOf(locals), id);
      return 'Alert acknowledged.';
    });
  },
};
