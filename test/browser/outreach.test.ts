import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addCalendarDays, todayInLondon } from '@counterpoint/core';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Outreach in a real browser against the built app: an engagement officer logs an engagement with
 * follow-ups, finds them in "My follow-ups" (overdue first) and marks one done; contacts are
 * imported from CSV with a duplicate and a bad line. With SCREENSHOTS_DIR set, each outreach page
 * is saved at 1440×900 for a person to look at.
 */

let server: WebServer;
let browser: Browser;
const pages: Page[] = [];
const shots = process.env.SCREENSHOTS_DIR;
const today = todayInLondon(new Date());

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ demo: true }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  await browser.context.clearCookies();
});

async function signedIn(role: keyof typeof TEST_USERS): Promise<Page> {
  const p = await browser.newPage();
  pages.push(p);
  const { email, password } = TEST_USERS[role];
  await signInWithKeyboard(p, server.url, email, password);
  await p.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return p;
}

async function open(p: Page, path: string): Promise<void> {
  await p.goto(`${server.url}${path}`);
  await waitForHydration(p);
}

async function screenshot(p: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await p.screenshot({ path: join(shots, `${name}.png`) });
  await p.screenshot({ path: join(shots, `${name}-full.png`), fullPage: true });
}

describe('outreach', () => {
  it('an engagement officer logs an engagement with follow-ups that then appear in their list', async () => {
    const p = await signedIn('engagement_officer');
    await open(p, '/outreach');
    await screenshot(p, 'outreach-log');
    await p.getByRole('link', { name: 'Log an engagement' }).click();
    await p.waitForURL(`${server.url}/outreach/new`);
    await waitForHydration(p);

    // A refused submit keeps what was typed and says what is wrong.
    await p.getByLabel('Topics').fill('online safety, rumours');
    await p.getByRole('button', { name: 'Log engagement' }).click();
    await p.getByText('The engagement was not logged').waitFor();
    expect(await p.getByText('Title is required.').isVisible()).toBe(true);
    expect(await p.getByLabel('Topics').inputValue()).toBe('online safety, rumours');

    await p.getByLabel('Workshop').check();
    await p.getByLabel('Title').fill('Online rumours workshop at the Youth Hub');
    await p.getByLabel('Date').fill(addCalendarDays(today, -3));
    await p.getByLabel('District').selectOption({ label: 'Saltmere Coast' });
    await p.getByLabel('Filter organisations').fill('youth');
    await p.getByRole('group', { name: 'Organisations' }).getByLabel('Saltmere Youth Hub').check();
    await p
      .getByRole('group', { name: 'Contacts' })
      .getByLabel(/Kerry Walsh/)
      .check();
    await p.getByLabel('Notes').fill('Twelve staff; rumours about the seafront hotel discussed.');
    await p.getByLabel('Outcome').fill('Staff confident to challenge rumours.');
    await p.getByLabel('What needs doing').first().fill('Send the workshop slides to staff');
    await p.getByLabel('Due').first().fill(addCalendarDays(today, -1));
    await p.getByRole('button', { name: 'Add another follow-up' }).click();
    await p.getByLabel('What needs doing').nth(1).fill('Book the follow-up session');
    await p
      .getByLabel('Owner')
      .nth(1)
      .selectOption({ label: `${TEST_USERS.engagement_officer.name} (you)` });
    await p.getByLabel('Due').nth(1).fill(addCalendarDays(today, 10));
    await screenshot(p, 'outreach-new');
    await p.getByRole('button', { name: 'Log engagement' }).click();

    await p.waitForURL(/\/outreach\/eng_/);
    await waitForHydration(p);
    await p.getByText('Engagement logged.').waitFor();
    expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Online rumours workshop at the Youth Hub',
    );
    const links = await p.getByRole('region', { name: 'Who and what' }).innerText();
    expect(links).toContain('Saltmere Youth Hub');
    expect(links).toContain('Kerry Walsh');
    await screenshot(p, 'outreach-engagement');

    await p
      .getByRole('navigation', { name: 'Outreach sections' })
      .getByRole('link', { name: 'My follow-ups' })
      .click();
    await p.waitForURL(`${server.url}/outreach/follow-ups`);
    await waitForHydration(p);
    const rows = p.getByTestId('my-follow-up');
    const texts = await rows.allInnerTexts();
    const overdueAt = texts.findIndex((t) => t.includes('Send the workshop slides to staff'));
    const laterAt = texts.findIndex((t) => t.includes('Book the follow-up session'));
    expect(overdueAt).toBeGreaterThanOrEqual(0);
    expect(laterAt).toBeGreaterThan(overdueAt);
    expect(texts[overdueAt]).toContain('Overdue');
    expect(texts[overdueAt]).toContain('Online rumours workshop at the Youth Hub');
    // Overdue first: no overdue row comes after one that is not.
    const firstNotOverdue = texts.findIndex((t) => !t.includes('Overdue'));
    expect(texts.slice(firstNotOverdue).some((t) => t.includes('Overdue'))).toBe(false);
    await screenshot(p, 'outreach-follow-ups');

    await rows
      .filter({ hasText: 'Send the workshop slides to staff' })
      .getByRole('button', { name: /Mark done/ })
      .click();
    await p.getByText('Follow-up marked done.').waitFor();
    expect(await rows.filter({ hasText: 'Send the workshop slides to staff' }).count()).toBe(0);
    expect(await rows.filter({ hasText: 'Book the follow-up session' }).count()).toBe(1);
  });

  it('imports contacts from CSV, reporting the duplicate and the bad line, and shows the other pages', async () => {
    const p = await signedIn('engagement_officer');
    await open(p, '/outreach/contacts/import');
    const csv = [
      'name,email,organisation,district,lawful_basis,consent_given_on',
      `Priya Shah,priya@example.org,Elmford Interfaith Forum,Elmford,consent,${today}`,
      `P. Shah,PRIYA@example.org,,,consent,${today}`,
      'No Basis,nobasis@example.org,,,,',
    ].join('\n');
    await p
      .getByLabel('CSV file')
      .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByRole('button', { name: 'Import' }).click();
    const report = p.getByTestId('import-report');
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toMatch(/1\s*Added/);
    expect(text).toContain('the same contact as line 2 (same e-mail)');
    expect(text).toContain('lawful_basis: Lawful basis is required.');
    await screenshot(p, 'outreach-import');

    await open(p, '/outreach/contacts?q=priya');
    expect(await p.getByTestId('contact-row').count()).toBe(1);
    await open(p, '/outreach/contacts');
    await screenshot(p, 'outreach-contacts');
    await open(p, '/outreach/organisations');
    await screenshot(p, 'outreach-organisations');
    await open(p, '/outreach/training');
    expect(await p.getByRole('table', { name: 'Training uptake by sector' }).isVisible()).toBe(true);
    await screenshot(p, 'outreach-training');
    await open(p, '/outreach/contacts/new');
    await screenshot(p, 'outreach-contact-form');
  });

  it('keeps contacts from an analyst, who may still read the engagement log', async () => {
    const p = await signedIn('analyst');
    await open(p, '/outreach');
    const sections = p.getByRole('navigation', { name: 'Outreach sections' });
    expect(await sections.getByRole('link').allInnerTexts()).toEqual([
      'Engagement log',
      'My follow-ups',
      'Training record',
    ]);
    expect(await p.getByRole('link', { name: 'Log an engagement' }).count()).toBe(0);
    const res = await p.goto(`${server.url}/outreach/contacts`);
    expect(res?.status()).toBe(403);
  });
});
