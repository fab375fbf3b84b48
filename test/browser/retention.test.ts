import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RETENTION_TREND_WINDOW_DAYS } from '@counterpoint/core';
import {
  currentRetentionPlan,
  executeRetentionRun,
  listRecentAudit,
  listRetentionRuns,
  SYSTEM_ACTOR,
} from '@counterpoint/db';
import { authorOf, createNarrativeWith, createPlainItem } from '@counterpoint/db/queries/retention-testing';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

const DAY = 86_400_000;
const SHOTS = process.env.SCREENSHOTS_DIR ?? '/tmp/counterpoint-screens';

let server: WebServer;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const db = server.db.db;
  const ago = (d: number) => new Date(Date.now() - d * DAY);
  await createTestSignal(db, { text: 'Dismissed months ago', status: 'dismissed', createdAt: ago(150) });
  for (const name of ['heldSignal', 'inNarrative'])
    ids[name] = (
      await createTestSignal(db, {
        text: `Dismissed, then held (${name})`,
        status: 'dismissed',
        createdAt: ago(150),
      })
    ).id;
  ids.narrative = await createNarrativeWith(db, 'Leaflets outside the mosque', [ids.inNarrative!]);
  for (let i = 0; i < 4; i++)
    await createPlainItem(db, { at: ago(45 + i), author: authorOf(`web-${i}`), category: 'islamist' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  await page?.close();
  await browser.context.clearCookies();
});

async function signIn(role: 'admin' | 'supervisor' | 'analyst'): Promise<Page> {
  page = await browser.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  const u = TEST_USERS[role];
  await signInWithKeyboard(page, server.url, u.email, u.password);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

async function open(p: Page, path: string) {
  const res = await p.goto(`${server.url}${path}`);
  await waitForHydration(p);
  return res;
}

describe('Legal holds', () => {
  it('lets a supervisor place a hold with a reason on a signal and on a narrative, shown on both pages', async () => {
    const p = await signIn('supervisor');
    await open(p, `/signals/${ids.heldSignal}`);
    const panel = p.getByTestId('legal-hold');
    expect(await panel.innerText()).toContain('None. Retention applies as usual.');
    await panel.getByRole('button', { name: 'Place legal hold…' }).click();
    await panel.getByLabel('Why hold it').fill('no');
    await panel.getByRole('button', { name: 'Place hold' }).click();
    // The browser's own check stops a too-short reason; the server refuses it as well.
    expect(await panel.getByText('On hold').count()).toBe(0);
    await panel.getByLabel('Why hold it').fill('Police request ref. 2026/114');
    await panel.getByRole('button', { name: 'Place hold' }).click();
    await panel.getByText('Legal hold placed.').waitFor();
    await panel.getByText('“Police request ref. 2026/114”').waitFor();
    expect(await panel.innerText()).toContain('by Sam Patel');

    await open(p, `/narratives/${ids.narrative}`);
    const nPanel = p.getByTestId('legal-hold');
    await nPanel.getByRole('button', { name: 'Place legal hold…' }).click();
    await nPanel.getByLabel('Why hold it').fill('Inquiry into the leafleting');
    await nPanel.getByRole('button', { name: 'Place hold' }).click();
    await nPanel.getByText('“Inquiry into the leafleting”').waitFor();
    await p.screenshot({ path: join(SHOTS, 'narrative-legal-hold.png') });

    await open(p, `/signals/${ids.inNarrative}`);
    expect(await p.getByTestId('legal-hold').innerText()).toContain(
      'Kept by the hold on Leaflets outside the mosque',
    );
  });

  it('does not offer holds to an analyst, and refuses the action to one', async () => {
    const p = await signIn('analyst');
    await open(p, `/signals/${ids.heldSignal}`);
    expect(await p.getByTestId('legal-hold').getByRole('button').count()).toBe(0);
    const res = await p.request.post(`${server.url}/signals/${ids.heldSignal}?/liftHold`, {
      form: { reason: 'Trying without the right' },
      headers: { origin: server.url, accept: 'application/json' },
    });
    expect(res.status()).toBe(403);
  });
});

describe('Admin: retention', () => {
  it('sets a period (audited), shows a dry run, and follows a real run to its receipt', async () => {
    const p = await signIn('admin');
    await open(p, '/admin/retention');
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: join(SHOTS, 'admin-retention.png') });
    expect(await p.getByText('Kept — never deleted').count()).toBe(1);

    // A bad value is refused by the server too (browser checks switched off), with the class named.
    await p.evaluate(`document.querySelector('form[action="?/savePolicies"]').noValidate = true`);
    await p.getByRole('spinbutton', { name: /Items that never became signals/ }).fill('3');
    await p.getByRole('button', { name: 'Save periods' }).click();
    await p.getByText(/choose between 7 and 3650 days/).waitFor();
    await p.getByRole('spinbutton', { name: /Items that never became signals/ }).fill('40');
    await p.getByRole('button', { name: 'Save periods' }).click();
    await p.getByText(/Saved: items that never became signals/).waitFor();
    const audit = await listRecentAudit(server.db.db, 20);
    expect(
      audit.some((a) => a.action === 'retention.policy_changed' && a.entityId === 'items_unsignalled'),
    ).toBe(true);

    await p.getByRole('button', { name: 'Dry run' }).click();
    const dry = p.getByTestId('dry-run');
    await dry.waitFor();
    expect(await dry.getByTestId('dry-items_unsignalled').getByTestId('dry-count').innerText()).toBe('4');
    expect(await dry.getByTestId('dry-signals_dismissed').getByTestId('dry-count').innerText()).toBe('1');
    expect(await dry.innerText()).toContain('2 signals kept by legal hold');
    await p.screenshot({ path: join(SHOTS, 'admin-retention-dry-run.png'), fullPage: true });

    // Without the confirmation nothing starts; with it a queued run appears with its progress bar.
    await p.getByRole('checkbox', { name: /cannot be undone/ }).check();
    await p.getByRole('button', { name: 'Run now' }).click();
    await p.getByText('The retention run has started').waitFor();
    const queued = p.locator('[data-testid="retention-run"][data-dry="no"]').first();
    expect(await queued.getAttribute('data-status')).toBe('queued');
    expect(await queued.getByRole('progressbar').count()).toBe(1);

    // The web app only queues; here the test plays the worker's part on the queued run.
    const [run] = (await listRetentionRuns(server.db.db)).filter((r) => !r.dryRun);
    const plan = await currentRetentionPlan(server.db.db, new Date(), RETENTION_TREND_WINDOW_DAYS);
    await executeRetentionRun(server.db.db, { actor: SYSTEM_ACTOR, plan, runId: run!.id });
    await p
      .locator('[data-testid="retention-run"][data-dry="no"][data-status="done"]')
      .waitFor({ timeout: 10_000 });
    const done = p.locator('[data-testid="retention-run"][data-dry="no"]').first();
    expect(await done.innerText()).toContain('Ada Okafor');
    // Both held signals survived the run.
    for (const id of [ids.heldSignal, ids.inNarrative])
      expect((await open(p, `/signals/${id}`))?.status()).toBe(200);
    await p.screenshot({ path: join(SHOTS, 'admin-retention-done.png'), fullPage: true });
  });

  it('is refused to a supervisor', async () => {
    const p = await signIn('supervisor');
    await open(p, '/admin/retention');
    expect(await p.getByText(/don.t have access to Retention/).count()).toBe(1);
  });
});
