import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '@counterpoint/core';
import {
  createUser,
  deliveryStates,
  ensureReferenceData,
  listAlerts,
  rowsOf,
  saveSubscription,
  SYSTEM_ACTOR,
  type Actor,
} from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { insertTestGeography } from '@counterpoint/db/queries/lexicon-fixtures';
import { plantPosts } from '@counterpoint/db/queries/trends-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import type { JobRunner } from '../runtime/runner.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JOBS } from './index.js';

const DAY = 86_400_000;
const NOON = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
const ago = (days: number) => new Date(NOON.getTime() - days * DAY);

/** "HH:MM" in London, `offsetMinutes` from now: quiet hours that certainly cover the present. */
function londonClock(offsetMinutes: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + offsetMinutes * 60_000));
}

describe('trends refresh → spike detection → webhook delivery, through the job runner', () => {
  let d: TestDatabase;
  let runner: JobRunner;
  let cleanup: () => Promise<void>;
  let hook: Server;
  let hookUrl: string;
  const received: Array<{ headers: Record<string, unknown>; body: unknown }> = [];
  let analyst: Actor & { id: string };
  let north: string;

  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          headers: { ...req.headers, method: req.method },
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/counterpoint`;

    const ids = await insertTestGeography(d.db, {
      districts: [{ slug: 'north', name: 'North Vale' }],
      places: [],
    });
    north = ids.get('north')!;
    const u = await createUser(d.db, SYSTEM_ACTOR, {
      email: 'ana@example.com',
      name: 'Ana Lyst',
      role: 'analyst',
      password: 'correct-horse-battery-staple',
    });
    analyst = { id: u.id, label: u.email };
    const batches = [];
    for (let day = 40; day >= 1; day -= 1)
      batches.push({ at: ago(day), category: 'extreme_right', districtId: north, count: 5 });
    batches.push({ at: ago(0), category: 'extreme_right', districtId: north, count: 28 });
    await plantPosts(d.db, batches);

    ({ runner, cleanup } = makeRunner('in-process', {
      registry: buildRegistry(JOBS),
      db: d.db,
      config: parseConfig({ FETCH_ALLOW_HOSTS: '127.0.0.1' }),
    }));
    await runner.start();
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
    await new Promise((r) => hook?.close(r));
    await d?.drop();
  });

  it('raises one alert and POSTs it to the webhook; quiet hours hold the other subscription', async () => {
    const base = { category: 'extreme_right', districtId: north, threshold: 3, enabled: true } as const;
    const loud = await saveSubscription(d.db, analyst, {
      ...base,
      channel: 'webhook',
      target: hookUrl,
      quietFrom: null,
      quietUntil: null,
    });
    const quiet = await saveSubscription(d.db, analyst, {
      ...base,
      channel: 'webhook',
      target: `${hookUrl}?quiet=1`,
      quietFrom: londonClock(-60),
      quietUntil: londonClock(60),
    });
    // Both subscriptions predate the alert.
    await d.db.execute(`update alert_subscriptions set created_at = now() - interval '1 hour'`);

    await runner.enqueue('trends-refresh', { days: 45 });
    await waitFor(() => received.length > 0, 20_000, 'the webhook POST');

    const alerts = await listAlerts(d.db);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ category: 'extreme_right', districtName: 'North Vale', count: 28 });

    expect(received).toHaveLength(1);
    expect(received[0]!.headers.method).toBe('POST');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    const body = received[0]!.body as { type: string; alerts: Array<Record<string, unknown>> };
    expect(body.type).toBe('counterpoint.alerts');
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({ id: alerts[0]!.id, district: 'North Vale', count: 28 });
    expect(body.alerts[0]!.title).toBe('Spike: extreme right in North Vale');

    // The deliverer records 'sent' once the webhook has answered, which can be just after the
    // webhook saw the POST: wait for the record rather than read it at once.
    await waitFor(
      async () => (await deliveryStates(d.db, loud))[0]?.status === 'sent',
      10_000,
      'the delivery recorded as sent',
    );
    expect(await deliveryStates(d.db, loud)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 1 }),
    ]);
    expect(await deliveryStates(d.db, quiet)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 0 }),
    ]);

    // Running everything again changes nothing: no second alert, no second POST.
    await runner.enqueue('trends-refresh', { days: 45 });
    await runner.enqueue('alerts-deliver', {});
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await listAlerts(d.db)).toHaveLength(1);
    expect(received).toHaveLength(1);
    const counts = rowsOf<{ n: number }>(await d.db.execute('select count(*)::int as n from trend_counts'));
    expect(counts[0]!.n).toBe(41);
  }, 60_000);
});
