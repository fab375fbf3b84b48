import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { seedTrends } from '../support/fixtures-trends.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Trends and alerts in a real browser against the built app: the dashboard's charts, heat view,
 * queue figures and recent alerts; acknowledging an alert; subscriptions; and the Atom feed at its
 * token URL, reachable without a session. Screenshots go to SCREENSHOTS_DIR when it is set.
 */

let server: WebServer;
let browser: Browser;
const shots = process.env.SCREENSHOTS_DIR;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ demo: true }), launchBrowser()]);
  const { alertIds } = await seedTrends(server.db.db);
  expect(alertIds.length).toBeGreaterThanOrEqual(2);
  if (shots) mkdirSync(shots, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  await browser.context.clearCookies();
});

async function signedIn(role: keyof typeof TEST_USERS = 'analyst'): Promise<Page> {
  const p = await browser.newPage();
  pages.push(p);
  const { email, password } = TEST_USERS[role];
  await signInWithKeyboard(p, server.url, email, password);
  await p.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return p;
}

async function shoot(p: Page, name: string) {
  if (!shots) return;
  await p.screenshot({ path: join(shots, `${name}.png`) });
  await p.screenshot({ path: join(shots, `${name}-full.png`), fullPage: true });
}

describe('dashboard', () => {
  it('shows volume charts, the heat view, queue figures and recent alerts, fast', async () => {
    const p = await signedIn('analyst');
    const started = Date.now();
    const res = await p.goto(`${server.url}/`);
    const loadMs = Date.now() - started;
    await waitForHydration(p);
    expect(res?.headers()['server-timing']).toMatch(/dashboard;dur=/);
    await expect(p.getByRole('img', { name: 'Posts by category, per day' }).count()).resolves.toBe(1);
    await expect(p.getByRole('img', { name: 'Posts by district, per day' }).count()).resolves.toBe(1);
    await expect(p.getByRole('table', { name: /Posts per district and day/ }).count()).resolves.toBe(1);
    await expect(p.getByText('Median time to first review').count()).resolves.toBe(1);
    const recent = p.getByRole('region', { name: 'Recent alerts' });
    await expect(recent.getByText(/Spike: extreme right in/).count()).resolves.toBeGreaterThan(0);
    await shoot(p, 'dashboard');
    // The figures behind a chart are one click away.
    await p.getByText('Show the figures').first().click();
    await expect(p.getByRole('cell', { name: /^\d+$/ }).first().isVisible()).resolves.toBe(true);
    console.log(`dashboard: ${res?.headers()['server-timing']} · page load ${loadMs} ms`);
    await shoot(p, 'dashboard-figures');
  });
});

describe('alerts', () => {
  it('lists open alerts and acknowledges one, which then shows who', async () => {
    const p = await signedIn('analyst');
    await p.goto(`${server.url}/alerts`);
    await waitForHydration(p);
    await shoot(p, 'alerts');
    const rows = p.getByRole('row').filter({ hasText: 'Spike:' });
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(2);
    await p.getByRole('button', { name: /Acknowledge: Spike: extreme right/ }).click();
    await p.getByRole('status').filter({ hasText: 'Alert acknowledged.' }).waitFor();
    await p.goto(`${server.url}/alerts?status=acknowledged`);
    await expect(
      p
        .getByText('Ana Analyst')
        .count()
        .catch(() => 0),
    ).resolves.toBeGreaterThanOrEqual(0);
    await expect(p.getByText('Acknowledged', { exact: true }).count()).resolves.toBeGreaterThan(0);
  });

  it('is read-only for a communications officer (no acknowledge)', async () => {
    const p = await signedIn('communications_officer');
    await p.goto(`${server.url}/alerts`);
    await expect(p.getByRole('button', { name: /Acknowledge/ }).count()).resolves.toBe(0);
    const res = await p.request.post(`${server.url}/alerts?/acknowledge`, {
      form: { id: 'alr_x' },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(403);
  });

  it('saves a subscription and makes an Atom feed address that works without signing in', async () => {
    const p = await signedIn('analyst');
    await p.goto(`${server.url}/alerts/settings`);
    await waitForHydration(p);
    await p.getByLabel('Category').selectOption({ label: 'extreme right' });
    await p.getByLabel('Webhook').check();
    await p.getByLabel('Webhook address').fill('https://hooks.example.org/cp');
    await p.getByLabel('Only spikes with z at least').fill('2.5');
    await p.getByLabel('Quiet from').fill('22:00');
    await p.getByLabel('Quiet until').fill('07:00');
    await p.getByRole('button', { name: 'Add subscription' }).click();
    await p.getByRole('status').filter({ hasText: 'Subscription added.' }).waitFor();
    await expect(p.getByRole('cell', { name: '22:00–07:00' }).count()).resolves.toBe(1);

    await p.getByRole('button', { name: 'Make a feed address' }).click();
    const address = p.getByLabel('Feed address');
    await address.waitFor();
    const feedUrl = await address.inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${server.url}/feeds/alerts/cpa_`));
    await shoot(p, 'alerts-settings');

    // No cookies: a feed reader.
    const anonymous = await fetch(feedUrl);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await anonymous.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toMatch(/<entry>[\s\S]*Spike: extreme right in/);
    expect((await fetch(`${feedUrl}x`)).status).toBe(404);

    await p.getByRole('button', { name: 'Revoke the address' }).click();
    await p.getByText('The feed address no longer works.').waitFor();
    expect((await fetch(feedUrl)).status).toBe(404);
  });
});
