import { findSpikes, newId } from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { districts } from '../schema/geography.js';
import { alerts, trendCounts } from '../schema/narratives.js';
import { signals } from '../schema/triage.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { alertFeedForToken, createAlertFeedToken, revokeAlertFeedToken } from './alert-feed.js';
import { queueAlertDeliveries, pendingDeliveries } from './alert-deliveries.js';
import { saveSubscription } from './alert-subscriptions.js';
import { acknowledgeAlert, listAlerts, recordSpikes } from './alerts.js';
import { queueHealth } from './dashboard.js';
import { readDailyItemCounts, refreshTrendCounts, trendObservedFrom, trendTotals } from './trends.js';
import { plantPosts } from './trends-testing.js';
import { createUser } from './users.js';

const DAY = 86_400_000;
// Noon UTC is the same calendar day in London, summer or winter.
const NOON = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const ago = (days: number) => new Date(NOON.getTime() - days * DAY);

let t: TestDatabase;
let north: string;
let south: string;
let analyst: { id: string; label: string };

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  north = newId('district');
  south = newId('district');
  await t.db.insert(districts).values([
    { id: north, tier: 'district', slug: 'north', name: 'North Vale' },
    { id: south, tier: 'district', slug: 'south', name: 'South Vale' },
  ]);
  const u = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'ana@example.com',
    name: 'Ana Lyst',
    role: 'analyst',
    password: 'correct-horse-battery-staple',
  });
  analyst = { id: u.id, label: u.email };
  // 40 quiet days of 6 a day in North, 2 a day in South; then a spike of 30 in North today.
  const batches = [];
  for (let d = 40; d >= 1; d -= 1) {
    batches.push({ at: ago(d), category: 'far_right', districtId: north, count: 6, signalEvery: 3 });
    batches.push({ at: ago(d), category: 'far_right', districtId: south, count: 2 });
  }
  batches.push({ at: ago(0), category: 'far_right', districtId: north, count: 30, signalEvery: 3 });
  batches.push({ at: ago(0), category: 'islamist', districtId: null, count: 1 });
  await plantPosts(t.db, batches);
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

describe('trend counts', () => {
  it('counts items and signals per London day, category and district', async () => {
    await refreshTrendCounts(t.db, { from: dayOf(ago(45)), to: dayOf(ago(0)) });
    const rows = await t.db
      .select()
      .from(trendCounts)
      .where(eq(trendCounts.day, dayOf(ago(0))));
    const byKey = new Map(rows.map((r) => [`${r.category}/${r.districtId}`, r]));
    expect(byKey.get(`far_right/${north}`)).toMatchObject({ items: 30, signals: 10 });
    expect(byKey.get('islamist/null')).toMatchObject({ items: 1, signals: 0 });
    expect(await trendObservedFrom(t.db)).toBe(dayOf(ago(40)));
  });

  it('is idempotent and removes counts whose content went', async () => {
    const before = await t.db.select().from(trendCounts);
    const again = await refreshTrendCounts(t.db, { from: dayOf(ago(45)), to: dayOf(ago(0)) });
    expect(again).toEqual({ upserted: 0, removed: 0 });
    expect(await t.db.select().from(trendCounts)).toHaveLength(before.length);
    // A signal's category changes on review: the next refresh follows it.
    await t.db.update(signals).set({ category: 'conspiracy' }).where(eq(signals.category, 'far_right'));
    const moved = await refreshTrendCounts(t.db, { from: dayOf(ago(45)), to: dayOf(ago(0)) });
    expect(moved.upserted).toBeGreaterThan(0);
    const [c] = await t.db
      .select()
      .from(trendCounts)
      .where(and(eq(trendCounts.day, dayOf(ago(0))), eq(trendCounts.category, 'conspiracy')));
    expect(c).toMatchObject({ items: 0, signals: 10, districtId: north });
    await t.db.update(signals).set({ category: 'far_right' }).where(eq(signals.category, 'conspiracy'));
    const back = await refreshTrendCounts(t.db, { from: dayOf(ago(45)), to: dayOf(ago(0)) });
    expect(back.removed).toBeGreaterThan(0);
  });

  it('refuses a backwards window', async () => {
    await expect(refreshTrendCounts(t.db, { from: '2026-02-02', to: '2026-02-01' })).rejects.toThrow(
      /range of days/,
    );
  });

  it('totals by district for charts', async () => {
    const rows = await trendTotals(t.db, { from: dayOf(ago(0)), to: dayOf(ago(0)) }, 'district');
    expect(rows.find((r) => r.key === north)?.items).toBe(30);
  });
});

describe('alerts', () => {
  it('finds the planted spike from trend counts and records it once', async () => {
    const counts = await readDailyItemCounts(t.db, { from: dayOf(ago(30)), to: dayOf(ago(0)) });
    const spikes = findSpikes({
      counts,
      days: [dayOf(ago(1)), dayOf(ago(0))],
      observedFrom: await trendObservedFrom(t.db),
    });
    expect(spikes.map((s) => [s.category, s.districtId])).toEqual([['far_right', north]]);
    const first = await recordSpikes(t.db, spikes);
    expect(first.created).toHaveLength(1);
    const second = await recordSpikes(t.db, spikes);
    expect(second).toEqual({ created: [], updated: 0 });
    // Found again with a higher count later the same day: the figures move, no second alert.
    const third = await recordSpikes(t.db, [{ ...spikes[0]!, count: 35 }]);
    expect(third.updated).toBe(1);
    const rows = await t.db.select().from(alerts);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(35);
  });

  it('owes an alert to matching e-mail subscriptions only, once', async () => {
    const sub = await saveSubscription(t.db, analyst, {
      category: 'far_right',
      districtId: north,
      channel: 'email',
      target: null,
      threshold: 3,
      quietFrom: null,
      quietUntil: null,
      enabled: true,
    });
    await saveSubscription(t.db, analyst, {
      category: 'islamist',
      districtId: null,
      channel: 'email',
      target: 'other@example.com',
      threshold: 3,
      quietFrom: null,
      quietUntil: null,
      enabled: true,
    });
    // Subscriptions made after the alert are not sent it: make this one look older.
    await t.db.execute(`update alert_subscriptions set created_at = now() - interval '1 day'`);
    expect(await queueAlertDeliveries(t.db)).toBe(1);
    expect(await queueAlertDeliveries(t.db)).toBe(0);
    const pending = await pendingDeliveries(t.db);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      subscriptionId: sub,
      userEmail: 'ana@example.com',
      districtName: 'North Vale',
    });
  });

  it('lists alerts for the person subscribed and acknowledges them, audited', async () => {
    const mine = await listAlerts(t.db, { mineFor: analyst.id });
    expect(mine).toHaveLength(1);
    await acknowledgeAlert(t.db, analyst, mine[0]!.id);
    await expect(acknowledgeAlert(t.db, analyst, mine[0]!.id)).rejects.toThrow(/already acknowledged/);
    const [row] = await listAlerts(t.db, { status: 'acknowledged' });
    expect(row?.acknowledgedByName).toBe('Ana Lyst');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'alert.acknowledged'));
    expect(audit).toHaveLength(1);
  });

  it('opens an Atom feed only with a live token', async () => {
    const { token } = await createAlertFeedToken(t.db, analyst);
    const feed = await alertFeedForToken(t.db, token);
    expect(feed?.alerts.map((a) => a.category)).toEqual(['far_right']);
    expect(await alertFeedForToken(t.db, `${token}x`)).toBeNull();
    const { token: second } = await createAlertFeedToken(t.db, analyst);
    expect(await alertFeedForToken(t.db, token)).toBeNull();
    expect(await revokeAlertFeedToken(t.db, analyst)).toBe(true);
    expect(await alertFeedForToken(t.db, second)).toBeNull();
  });
});

describe('queue health', () => {
  it('reports open signals, the oldest and the median time to first review', async () => {
    const [oldest] = await t.db.select().from(signals).orderBy(signals.createdAt).limit(1);
    await t.db
      .update(signals)
      .set({ status: 'in_review', firstReviewedAt: new Date(oldest!.createdAt.getTime() + 3_600_000) })
      .where(eq(signals.id, oldest!.id));
    const h = await queueHealth(t.db, 60);
    expect(h.inReviewCount).toBe(1);
    expect(h.newCount).toBeGreaterThan(10);
    expect(h.oldestOpenAt?.getTime()).toBe(oldest!.createdAt.getTime());
    expect(h.reviewedCount).toBe(1);
    expect(h.medianFirstReviewSeconds).toBeCloseTo(3600, 0);
  });
});
