import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { addTestCopies, createTestSignal, seedTriageSignals } from '../support/fixtures-signals.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Narratives in a real browser against the built app: made from a queue selection, charted by
 * district, edited, a suggestion added in one click, a signal removed, and the list. With
 * SCREENSHOTS_DIR set, the narrative page and the list are saved at 1440×900 for a person to look at.
 */

let server: WebServer;
let browser: Browser;
const pages: Page[] = [];
const shots = process.env.SCREENSHOTS_DIR;
const HOUR = 3_600_000;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ demo: true }), launchBrowser()]);
  await seedTriageSignals(server.db.db);
  const db = server.db.db;
  // Three posts of one story in three districts, and a fourth like them for the suggestions.
  await createTestSignal(db, {
    text: 'Quillmere depot is being turned into housing for migrants, Kestrelbury was never asked.',
    terms: [{ phrase: 'migrants', category: 'anti_minority', weight: 0.4 }],
    category: 'anti_minority',
    score: 72,
    districtSlugs: ['kestrel-vale'],
    createdAt: new Date(Date.now() - 240 * HOUR),
  });
  await createTestSignal(db, {
    text: 'Harlowby will be next after the Quillmere depot, coachloads of migrants are coming.',
    terms: [{ phrase: 'migrants', category: 'anti_minority', weight: 0.4 }],
    category: 'anti_minority',
    score: 70,
    districtSlugs: ['north-elmshire'],
    createdAt: new Date(Date.now() - 26 * HOUR),
  });
  await createTestSignal(db, {
    text: 'Elmford people should know what the council is planning at the Quillmere depot for migrants.',
    terms: [{ phrase: 'migrants', category: 'anti_minority', weight: 0.4 }],
    category: 'anti_minority',
    score: 68,
    districtSlugs: ['elmford'],
    createdAt: new Date(Date.now() - 3 * HOUR),
  });
  await createTestSignal(db, {
    text: 'The council is hiding its plans for the depot and the migrants, ask them at the meeting.',
    terms: [{ phrase: 'migrants', category: 'anti_minority', weight: 0.4 }],
    category: 'anti_minority',
    score: 55,
    districtSlugs: ['brackenhurst'],
    createdAt: new Date(Date.now() - 2 * HOUR),
  });
  // A post copied more and more this week, in no narrative: proposed as a new one.
  const spreading = await createTestSignal(db, {
    text: 'Share this: the Saltmere ferry will carry asylum seekers to the caravan park from Monday.',
    category: 'anti_minority',
    score: 58,
    districtSlugs: ['saltmere-coast'],
    createdAt: new Date(Date.now() - 9 * 24 * HOUR),
  });
  await addTestCopies(
    db,
    spreading.id,
    [80, 50, 30, 20, 6].map((h) => new Date(Date.now() - h * HOUR)),
  );
}, 120_000);

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
  await p.waitForURL(`${server.url}/`);
  return p;
}

async function screenshot(p: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await p.screenshot({ path: join(shots, `${name}.png`) });
  await p.screenshot({ path: join(shots, `${name}-full.png`), fullPage: true });
}

describe('narratives', () => {
  it('creates a narrative from three selected signals and charts it by district', async () => {
    const p = await signedIn();
    await p.goto(`${server.url}/signals?q=quillmere`);
    await waitForHydration(p);
    const boxes = p.getByRole('checkbox', { name: 'Select this signal' });
    await expect.poll(() => boxes.count()).toBe(3);
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await p.getByRole('link', { name: 'New narrative from selection' }).click();
    await p.waitForURL(/\/narratives\/new\?signal=/);
    await waitForHydration(p);

    // The form starts from the signals: their category and every district they mention.
    expect(await p.getByLabel('Category').inputValue()).toBe('anti_minority');
    for (const d of ['Kestrel Vale', 'North Elmshire', 'Elmford City'])
      expect(await p.getByRole('checkbox', { name: d }).isChecked()).toBe(true);
    expect(await p.getByRole('checkbox', { name: 'Saltmere Coast' }).isChecked()).toBe(false);
    await p.getByLabel('Title').fill('Quillmere depot rumours');
    await p
      .getByLabel('Summary')
      .fill('Claims that the Quillmere depot will house migrants, spread across three districts.');
    await screenshot(p, 'narrative-new');
    await p.getByRole('button', { name: 'Create narrative from 3 signals' }).click();
    await p.waitForURL(/\/narratives\/nar_[a-z0-9]+\?created=3$/);
    await waitForHydration(p);
    await p.getByText('Narrative created with 3 signals.').waitFor();
    expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe('Quillmere depot rumours');
    expect(await p.getByTestId('narrative-signal').count()).toBe(3);

    // The chart: one stacked series per district, with bars, and the figures behind them.
    const chart = p.getByTestId('narrative-chart');
    expect(await chart.locator('svg[role="img"] rect').count()).toBeGreaterThanOrEqual(3);
    const legend = await chart.locator('.legend').innerText();
    for (const d of ['Kestrel Vale', 'North Elmshire', 'Elmford City']) expect(legend).toContain(d);
    await chart.getByText('Show the figures').click();
    // Text content, not innerText: the table's headers are upper-cased by CSS.
    const headers = (await chart.locator('table thead th').allTextContents()).map((h) => h.trim());
    expect(headers).toEqual(expect.arrayContaining(['Kestrel Vale', 'North Elmshire', 'Elmford City']));
    // Each district's column sums to its one post.
    const table = chart.locator('table');
    for (const d of ['Kestrel Vale', 'North Elmshire', 'Elmford City']) {
      const col = headers.indexOf(d);
      const cells = await table.locator(`tbody tr > :nth-child(${col + 1})`).allTextContents();
      expect(cells.reduce((a, c) => a + Number(c), 0)).toBe(1);
    }
    expect(await p.locator('.stat', { hasText: 'Linked signals' }).innerText()).toContain('3');
    expect(await p.locator('.badge', { hasText: 'Emerging' }).count()).toBeGreaterThan(0);
    await chart.getByText('Show the figures').click();
    await screenshot(p, 'narrative');

    // A suggestion in one click: the fourth depot post shares the lexicon term and the wording.
    const suggestions = p.getByRole('region', { name: 'Suggested signals' });
    await suggestions.getByText(/hiding its plans for the depot/).waitFor();
    expect(await suggestions.innerText()).toContain('Brackenhurst');
    await suggestions.getByRole('button', { name: /Add “The council is hiding/ }).click();
    await p.getByText('Signal added; it is now linked.').waitFor();
    await expect.poll(() => p.getByTestId('narrative-signal').count()).toBe(4);

    // Remove one: it goes back to review with whoever removed it.
    await p.getByRole('button', { name: /Remove “Harlowby will be next/ }).click();
    await p.getByText(/Signal removed\. It belongs to no narrative now/).waitFor();
    await expect.poll(() => p.getByTestId('narrative-signal').count()).toBe(3);

    // Edit the details.
    await p.getByRole('button', { name: 'Edit details' }).click();
    const edit = p.getByRole('region', { name: 'Edit details' });
    await edit.getByLabel('Title').fill('Quillmere depot housing rumours');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await p.getByText('Narrative saved.').waitFor();
    expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe('Quillmere depot housing rumours');
  });

  it('lists narratives with status tabs, counts and recent volume', async () => {
    const p = await signedIn();
    await p.goto(`${server.url}/narratives`);
    await waitForHydration(p);
    const row = p.getByTestId('narrative-row').filter({ hasText: 'Quillmere depot housing rumours' });
    await row.waitFor();
    const tr = p.locator('tr', { has: row });
    expect(await tr.innerText()).toMatch(/Emerging/);
    expect(await tr.getByRole('img').getAttribute('aria-label')).toBe(
      '3 posts in the last 28 days, 2 posts in the last 7',
    );
    // The spreading post is proposed, with its growth, and leads to a new narrative from it.
    const proposals = p.getByRole('region', { name: 'Spreading, in no narrative yet' });
    expect(await proposals.innerText()).toContain('5 copies this week, up from 1');
    await screenshot(p, 'narratives');
    await proposals.getByRole('link', { name: 'Make it a narrative' }).click();
    await p.waitForURL(/\/narratives\/new\?signal=sig_/);
    await p.getByText(/Saltmere ferry/).waitFor();
    await p.goBack();
    await p
      .getByRole('navigation', { name: 'Status' })
      .getByRole('link', { name: /Dormant/ })
      .click();
    await p.waitForURL(/status=dormant/);
    expect(await p.getByTestId('narrative-row').filter({ hasText: 'Quillmere' }).count()).toBe(0);
  });

  it('offers no creating or editing to a role that may only view narratives', async () => {
    const p = await signedIn('communications_officer');
    await p.goto(`${server.url}/narratives`);
    await waitForHydration(p);
    expect(await p.getByRole('link', { name: 'New narrative' }).count()).toBe(0);
    await p.getByTestId('narrative-row').first().click();
    await p.waitForURL(/\/narratives\/nar_/);
    await waitForHydration(p);
    expect(await p.getByRole('button', { name: 'Edit details' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    const res = await p.request.post(`${server.url}${new URL(p.url()).pathname}?/update`, {
      form: { title: 'Changed by comms' },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(403);
    const page = await p.request.get(`${server.url}/narratives/new`, { maxRedirects: 0 });
    expect([302, 303, 403]).toContain(page.status());
  });
});
