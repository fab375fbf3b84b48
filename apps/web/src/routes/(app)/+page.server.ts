import {
  addDays,
  alertSummary,
  alertTitle,
  can,
  categoryWords,
  dayRange,
  londonDay,
} from '@counterpoint/core';
import {
  countOpenAlerts,
  listAlerts,
  listDistricts,
  queueHealth,
  shellCounts,
  trendTotals,
} from '@counterpoint/db';
import { cached } from '$lib/server/cache.js';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

/** Days the charts and the heat view cover. */
const WINDOW_DAYS = 28;

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
  const role = locals.user!.role;
  const db = await database();
  const started = performance.now();
  const to = londonDay(new Date());
  const from = addDays(to, -(WINDOW_DAYS - 1));
  const showSignals = can(role, 'signals:view');
  // Everything below reads trend_counts or an index; they run side by side. The totals and the
  // queue's health count whole tables (a million items: 300 ms or more on a busy machine) and are
  // the same for everyone, so they are remembered for half a minute (lib/server/cache.ts).
  const [counts, byCategory, byDistrict, districtRows, health, recentAlerts, openAlerts] = await Promise.all([
    cached('dashboard-counts', 30_000, () => shellCounts(db)),
    trendTotals(db, { from, to }, 'category'),
    trendTotals(db, { from, to }, 'district'),
    listDistricts(db),
    showSignals ? cached('dashboard-queue-health', 30_000, () => queueHealth(db)) : Promise.resolve(null),
    listAlerts(db, { limit: 5 }),
    countOpenAlerts(db),
  ]);
  const districts = districtRows.filter((d) => d.tier === 'district');
  const districtName = new Map(districtRows.map((d) => [d.id, d.name]));
  // Server-Timing lets anyone check the dashboard's cost in the browser's network panel.
  setHeaders({ 'server-timing': `dashboard;dur=${(performance.now() - started).toFixed(1)}` });
  return {
    title: 'Dashboard',
    counts,
    days: dayRange(from, to),
    byCategory: byCategory.map((r) => ({ day: r.day, key: r.key, items: r.items, signals: r.signals })),
    byDistrict: byDistrict.map((r) => ({ day: r.day, key: r.key, items: r.items, signals: r.signals })),
    districts: districts.map((d) => ({ id: d.id, name: d.name, slug: d.slug })),
    categoryLabels: Object.fromEntries(
      [...new Set(byCategory.map((r) => r.key ?? ''))].map((k) => [k, categoryWords(k || null)]),
    ),
    districtLabels: Object.fromEntries(districtName),
    health,
    recentAlerts: recentAlerts.map((a) => ({
      id: a.id,
      day: a.day,
      z: a.z,
      acknowledged: a.acknowledgedAt !== null,
      createdAt: a.createdAt,
      title: alertTitle(a),
      summary: alertSummary(a),
    })),
    openAlerts,
    show: {
      signals: showSignals,
      narratives: can(role, 'narratives:view'),
      campaigns: can(role, 'campaigns:view'),
      outreach: can(role, 'outreach:view'),
      localities: can(role, 'localities:view'),
      reports: can(role, 'reports:view'),
      admin: can(role, 'users:manage'),
    },
  };
};
