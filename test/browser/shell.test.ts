import { listUsers } from '@counterpoint/db';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    const { exitMs } = await server.stop();
    // adapter-node must exit promptly on SIGTERM once the pool is closed (STACK.md trap 5).
    expect(exitMs).toBeLessThan(5_000);
  }
});

afterEach(async () => {
  await page?.close();
  await browser.context.clearCookies();
});

async function fresh(): Promise<Page> {
  page = await browser.newPage();
  return page;
}

function navLinks(p: Page) {
  return p.getByRole('navigation', { name: 'Main' }).getByRole('link');
}

describe('the workbench shell', () => {
  it('lets an analyst sign in with the keyboard and see the shell with Signals', async () => {
    const p = await fresh();
    const { email, password, name } = TEST_USERS.analyst;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/`);
    await waitForHydration(p);
    await expect(p.getByRole('heading', { level: 1, name: 'Dashboard' }).isVisible()).resolves.toBe(true);
    expect(await navLinks(p).allInnerTexts()).toEqual([
      'Dashboard',
      'Alerts',
      'Signals',
      'Escalations',
      'Narratives',
      'Campaigns',
      'Outreach',
      'Risks',
      'Spaces',
      'Localities',
      'Reports',
      // Sources and the lexicon, read-only for analysts; people management stays with administrators.
      'Admin',
    ]);
    expect(await navLinks(p).filter({ hasText: 'Admin' }).getAttribute('href')).toBe('/admin/sources');
    expect(await p.getByRole('banner').innerText()).toContain(name);
    expect(await p.getByTestId('role-label').innerText()).toBe('Analyst');
    const session = (await browser.context.cookies()).find((c) => c.name.endsWith('session_token'));
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    // Twelve hours, give or take the test's own running time.
    expect(session!.expires * 1000 - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(session!.expires * 1000 - Date.now()).toBeLessThan(12.1 * 3600_000);

    // The skip link is the first stop, then into the navigation, all without a mouse.
    await p.keyboard.press('Tab');
    expect(await p.evaluate('document.activeElement?.textContent?.trim()')).toBe('Skip to main content');
    await navLinks(p).filter({ hasText: 'Signals' }).focus();
    await p.keyboard.press('Enter');
    await p.waitForURL(`${server.url}/signals`);
    await p.getByRole('heading', { level: 1, name: 'Signals' }).waitFor();
    expect(await p.getByText('No signals yet').isVisible()).toBe(true);
    expect(await navLinks(p).filter({ hasText: 'Signals' }).getAttribute('aria-current')).toBe('page');
  });

  it('refuses Admin to an engagement officer, with no Admin item in the navigation', async () => {
    const p = await fresh();
    const { email, password } = TEST_USERS.engagement_officer;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/`);
    expect(await navLinks(p).allInnerTexts()).not.toContain('Admin');
    expect(await navLinks(p).allInnerTexts()).toContain('Outreach');

    const res = await p.goto(`${server.url}/admin`);
    expect(res?.status()).toBe(403);
    expect(p.url()).toBe(`${server.url}/admin`);
    await waitForHydration(p);
    expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe("You don't have access to Admin");
    const back = p.getByRole('link', { name: 'Go to your start page' });
    expect(await back.getAttribute('href')).toBe('/');
    // The shell stays usable around the refusal.
    expect(await navLinks(p).allInnerTexts()).toContain('Dashboard');
  });

  it('sends a signed-out visit to /signals to sign in, then back to /signals', async () => {
    const p = await fresh();
    await p.goto(`${server.url}/signals`);
    expect(p.url()).toBe(`${server.url}/sign-in?redirectTo=%2Fsignals`);
    await waitForHydration(p);
    expect(await p.getByRole('status').innerText()).toContain('Sign in to continue');
    const { email, password } = TEST_USERS.analyst;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/signals`);
    await p.getByRole('heading', { level: 1, name: 'Signals' }).waitFor();
  });

  it('does not redirect to another site after sign-in', async () => {
    const p = await fresh();
    await p.goto(`${server.url}/sign-in?redirectTo=${encodeURIComponent('//evil.example.com/')}`);
    const { email, password } = TEST_USERS.analyst;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/`);
  });

  it('shows a clear error for a wrong password', async () => {
    const p = await fresh();
    await signInWithKeyboard(p, server.url, TEST_USERS.analyst.email, 'not-the-password');
    const alert = p.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain("That e-mail and password don't match");
    expect(p.url()).toContain('/sign-in');
    expect(await p.getByLabel('E-mail address').inputValue()).toBe(TEST_USERS.analyst.email);
  });

  it('refuses a form action on the server when the role lacks permission', async () => {
    const p = await fresh();
    const { email, password } = TEST_USERS.analyst;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/`);
    const status = await p.evaluate(async () => {
      const body = new FormData();
      body.set('name', 'Mallory Intruder');
      body.set('email', 'mallory@example.com');
      body.set('role', 'admin');
      body.set('password', 'a-long-enough-password');
      const res = await fetch('/admin?/addUser', { method: 'POST', body, headers: { accept: 'text/html' } });
      return { code: res.status, text: await res.text() };
    });
    // Refused by the permission hook (not by SvelteKit's cross-site check, whose text differs).
    expect(status.code).toBe(403);
    expect(status.text).toContain("You don't have access to Admin");
    const users = await listUsers(server.db.db);
    expect(users.map((u) => u.email)).not.toContain('mallory@example.com');
  });

  it('lets an administrator add a person, audited, who can then sign in', async () => {
    const p = await fresh();
    const { email, password } = TEST_USERS.admin;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/`);
    await p.goto(`${server.url}/admin`);
    await waitForHydration(p);
    await p.getByLabel('Full name').fill('Priya Shah');
    await p.getByLabel('E-mail address').fill('priya.shah@example.com');
    await p.getByLabel('Role').selectOption('communications_officer');
    await p.getByLabel('Initial password').fill('short');
    await p.getByRole('button', { name: 'Add person' }).click();
    await p.getByText('Use at least 12 characters.').waitFor();

    await p.getByLabel('Initial password').fill('a-long-enough-password');
    await p.getByRole('button', { name: 'Add person' }).click();
    await p.getByText('Priya Shah can now sign in').waitFor();
    expect(await p.getByRole('table').innerText()).toContain('priya.shah@example.com');
    expect(await p.getByTestId('audit-status').innerText()).toBe('Intact');
    expect(await p.getByText('user.create').count()).toBeGreaterThan(0);

    await p.getByRole('button', { name: 'Sign out', exact: true }).click();
    await p.waitForURL(/\/sign-in\?signedOut=1$/);
    await signInWithKeyboard(p, server.url, 'priya.shah@example.com', 'a-long-enough-password');
    await p.waitForURL(`${server.url}/`);
    expect(await p.getByTestId('role-label').innerText()).toBe('Communications officer');
  });

  it('lands a board viewer on Reports, the only area they may open', async () => {
    const p = await fresh();
    const { email, password } = TEST_USERS.board_viewer;
    await signInWithKeyboard(p, server.url, email, password);
    await p.waitForURL(`${server.url}/reports`);
    expect(await navLinks(p).allInnerTexts()).toEqual(['Reports']);
  });
});
