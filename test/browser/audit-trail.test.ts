import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { recentAuditVerifications, rowsOf, runAuditVerification, SYSTEM_ACTOR } from '@counterpoint/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * The audit page's chain check: before any full walk it walks the chain itself; a supervisor asks
 * for a full walk, sees it wait and then its verdict; afterwards the page rests on that walk and
 * checks only what was written since, and still reports an entry edited after it.
 */

const SHOTS = process.env.SCREENSHOTS_DIR ?? '/tmp/counterpoint-screens';
let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  mkdirSync(SHOTS, { recursive: true });
  page = await browser.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  const u = TEST_USERS.supervisor;
  await signInWithKeyboard(page, server.url, u.email, u.password);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await waitForHydration(page);
}

const chainText = () => page.getByTestId('audit-chain').innerText();

describe('the audit trail’s chain check', () => {
  it('walks the chain on the page until a full check has run, then rests on the full check', async () => {
    await open('/admin/audit');
    expect(await chainText()).toContain('were checked just now, from the first to the latest');

    await page.getByTestId('audit-check-start').click();
    await page.getByText('The full check has started').waitFor();
    expect(await page.getByTestId('audit-check-progress').innerText()).toContain('waiting for a worker');
    expect(await page.getByRole('progressbar', { name: 'Progress of the full check' }).count()).toBe(1);
    expect(await page.getByTestId('audit-check-start').count()).toBe(0);
    await page.getByTestId('audit-chain').screenshot({ path: join(SHOTS, 'admin-audit-check-queued.png') });

    // The web app only queues; here the test plays the worker's part on the queued walk.
    const [queued] = await recentAuditVerifications(server.db.db, 1);
    expect(queued).toMatchObject({ status: 'queued', requestedByName: TEST_USERS.supervisor.name });
    await runAuditVerification(server.db.db, SYSTEM_ACTOR, { id: queued!.id });
    await page.getByText('The whole chain was checked in full').waitFor({ timeout: 10_000 });
    const text = await chainText();
    expect(text).toContain('Chain verified: intact');
    expect(text).toContain(`at ${TEST_USERS.supervisor.name}’s request`);
    expect(await page.getByTestId('audit-check-start').isEnabled()).toBe(true);
    expect(await page.getByText('The full check has started').count()).toBe(0);
    await page.getByText('Recent full checks').click();
    expect(await page.getByTestId('audit-checks').innerText()).toContain('Intact');
    await page.screenshot({ path: join(SHOTS, 'admin-audit-chain-check.png'), fullPage: false });

    // Asking for the check was itself audited.
    await open('/admin/audit?action=audit');
    const actions = await page.getByTestId('audit-row').locator('.badge').allInnerTexts();
    expect(actions).toEqual(expect.arrayContaining(['audit.verified', 'audit.verification_requested']));
  });

  it('reports an entry edited after the full check, naming it', async () => {
    const last = rowsOf<{ seq: string }>(
      await server.db.db.execute('select max(seq) as seq from audit_log'),
    )[0]!.seq;
    await server.db.db.execute(
      `update audit_log set actor_label = 'someone else' where seq = ${Number(last)}`,
    );
    await open('/admin/audit');
    const text = await chainText();
    expect(text).toContain('Chain verification failed');
    expect(text).toContain(`Broken at entry ${Number(last).toLocaleString('en-GB')}`);
    expect(await page.getByTestId('audit-chain').getAttribute('role')).toBe('alert');
  });
});
