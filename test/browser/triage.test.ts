import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { listUsers } from '@counterpoint/db';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { createTestSignal, seedTriageSignals, setTestSoftLimit } from '../support/fixtures-signals.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * The triage workbench in a real browser against the built app: the queue, the signal page, the
 * keyboard, decisions with reasons, the audit timeline, inert remote content, and two analysts
 * racing for one signal.
 */

let server: WebServer;
let browser: Browser;
let ids: Record<string, string>;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ demo: true }), launchBrowser()]);
  ids = await seedTriageSignals(server.db.db);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  await browser.context.clearCookies();
});

async function signedIn(role: keyof typeof TEST_USERS = 'analyst', b: Browser = browser): Promise<Page> {
  const p = await b.newPage();
  pages.push(p);
  const { email, password } = TEST_USERS[role];
  await signInWithKeyboard(p, server.url, email, password);
  await p.waitForURL(`${server.url}/`);
  return p;
}

async function openQueue(p: Page, query = ''): Promise<void> {
  await p.goto(`${server.url}/signals${query}`);
  await waitForHydration(p);
}

describe('the triage queue', () => {
  it('orders by priority, counts per status and filters through the URL', async () => {
    const p = await signedIn();
    await openQueue(p);
    const rows = p.getByTestId('queue-row');
    expect(await rows.count()).toBe(6);
    // Highest priority first: the 1488 post (92 plus a cluster lift) leads.
    expect(await rows.first().innerText()).toContain('1488');
    expect(await p.getByRole('navigation', { name: 'Status' }).innerText()).toMatch(/New\s*6/);

    await p.getByRole('search').getByLabel('Category').selectOption('conspiracy');
    await p.waitForURL(/category=conspiracy/);
    await expect.poll(() => rows.count()).toBe(3);
    for (const t of await rows.allInnerTexts()) expect(t).toMatch(/replacement|plandemic/);

    await p.getByRole('search').getByLabel('Score band').selectOption('uncertain');
    await p.waitForURL(/band=uncertain/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('condemn');

    // Full-text search: / focuses the box, Enter searches (stemmed: "rehearsals" finds "rehearsal").
    await openQueue(p);
    await p.keyboard.press('/');
    await p.keyboard.type('rehearsals');
    await p.keyboard.press('Enter');
    await p.waitForURL(/q=rehearsals/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('plandemic');
  });

  it('pages by keyset without repeats', async () => {
    const p = await signedIn();
    // 55 more low-priority signals make a second page.
    for (let i = 0; i < 55; i++)
      await createTestSignal(server.db.db, {
        text: `Filler post ${i} about the bypass consultation in Elmford.`,
        category: 'violence',
        score: 36 + (i % 3),
        status: 'new',
      });
    await openQueue(p, '?category=violence');
    const first = await p.getByTestId('queue-row').allInnerTexts();
    expect(first).toHaveLength(50);
    await p.getByRole('link', { name: 'Next page →' }).click();
    await p.waitForURL(/after=/);
    const second = await p.getByTestId('queue-row').allInnerTexts();
    expect(second).toHaveLength(5);
    expect(new Set([...first, ...second]).size).toBe(55);
  });
});

describe('the signal page', () => {
  it('opens with the keyboard, shows a tooltip on focus, labels, dismisses and shows the timeline', async () => {
    const p = await signedIn();
    await openQueue(p, '?category=extreme_right');
    await p.keyboard.press('j');
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/signals/${ids.codes}$`));
    await waitForHydration(p);

    // Provenance and the wellbeing counter.
    expect(await p.getByTestId('provenance').innerText()).toContain('No model (lexicon only)');
    expect(await p.getByTestId('wellbeing').innerText()).toContain('1 opened today');

    // Focus the first highlight: its tooltip appears with term, category and weight.
    const mark = p.locator('mark').first();
    await mark.focus();
    const tip = p.getByRole('tooltip').first();
    await tip.waitFor({ state: 'visible' });
    expect(await tip.innerText()).toMatch(/“1488” · extreme right · weight 0\.90/);

    // Label: l opens the dialog.
    await p.locator('body').click({ position: { x: 5, y: 5 } });
    await p.keyboard.press('l');
    const labelDialog = p.getByRole('dialog', { name: /Label/ });
    await labelDialog.waitFor();
    await labelDialog.getByLabel('Relevant', { exact: true }).check();
    await labelDialog.getByRole('button', { name: 'Save label' }).click();
    await p.getByText('Label saved.').waitFor();

    // Dismiss without a reason is refused by the browser; with one it is done.
    await p.keyboard.press('d');
    const dismiss = p.getByRole('dialog', { name: /Dismiss/ });
    await dismiss.waitFor();
    await dismiss.getByLabel('Reason').fill('Quoting the code to warn parents, not promoting it.');
    await dismiss.getByRole('button', { name: 'Dismiss' }).click();
    await p.getByText('Dismissed.').waitFor();
    expect(await p.getByTestId('signal-status').innerText()).toBe('Dismissed');

    const timeline = p.getByTestId('timeline');
    await expect.poll(() => timeline.innerText()).toContain('Dismissed');
    const text = await timeline.innerText();
    expect(text).toContain('Reason: Quoting the code to warn parents');
    expect(text).toContain('Labelled');
    expect(text).toContain(TEST_USERS.analyst.email);
  });

  it('refuses a dismissal without a reason on the server', async () => {
    const p = await signedIn();
    await openQueue(p);
    const res = await p.evaluate(async (id) => {
      const r = await fetch(`/signals/${id}?/dismiss`, {
        method: 'POST',
        body: new URLSearchParams({ reason: ' ' }),
        headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
      });
      return r.text();
    }, ids.plandemic);
    expect(res).toContain('Please give a reason for dismissing');
  });

  it('escalates down a chosen route with a reason', async () => {
    const p = await signedIn();
    await p.goto(`${server.url}/signals/${ids.remigration}`);
    await waitForHydration(p);
    await p.keyboard.press('e');
    const dlg = p.getByRole('dialog', { name: /Escalate/ });
    await dlg.waitFor();
    await dlg.getByLabel('Reason').fill('Calls for a gathering at a named place this Saturday.');
    await dlg.getByRole('button', { name: 'Escalate' }).click();
    await p.getByText('Escalated.').waitFor();
    expect(await p.getByTestId('signal-status').innerText()).toBe('Escalated');
    expect(await p.getByTestId('timeline').innerText()).toContain('Calls for a gathering');
  });

  it('adds a signal, and then a selection, to a narrative', async () => {
    const one = await createTestSignal(server.db.db, {
      text: 'Zephyrline rumour about the Harlowby hotel.',
      score: 70,
    });
    await createTestSignal(server.db.db, { text: 'Zephyrline rumour repeated in Oxley Green.', score: 65 });
    await createTestSignal(server.db.db, { text: 'Zephyrline rumour shared again in Wickmoor.', score: 64 });
    const p = await signedIn();
    await p.goto(`${server.url}/signals/${one.id}`);
    await waitForHydration(p);
    await p.getByRole('button', { name: 'Add to narrative…' }).click();
    const dlg = p.getByRole('dialog', { name: /narrative/ });
    await dlg.waitFor();
    await dlg.getByRole('button', { name: 'Add to narrative' }).click();
    await p.getByText('Added to the narrative; the signal is linked.').waitFor();
    expect(await p.getByTestId('signal-status').innerText()).toBe('Linked');

    await openQueue(p, '?q=zephyrline');
    expect(await p.getByRole('checkbox', { name: 'Select this signal' }).count()).toBe(2);
    await p.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await p.getByRole('button', { name: 'Add to narrative…' }).click();
    const bulk = p.getByRole('dialog', { name: /Add 2 signals to a narrative/ });
    await bulk.waitFor();
    await bulk.getByRole('button', { name: 'Add to narrative' }).click();
    await p.getByText('2 signals added to the narrative.').waitFor();
  });

  it('shows script and onerror payloads as inert text', async () => {
    const payload = 'Look: <script>alert(1)</script> and <img src=x onerror=alert(1)> in one post.';
    const { id } = await createTestSignal(server.db.db, {
      text: payload,
      title: '<img src=x onerror=alert(2)>',
      terms: [{ phrase: '<script>', category: 'violence', weight: 0.5 }],
      category: 'violence',
      score: 50,
    });
    const p = await signedIn();
    let dialogs = 0;
    p.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await p.goto(`${server.url}/signals/${id}`);
    await waitForHydration(p);
    await openQueue(p, '?category=violence&sort=newest');
    await p.goto(`${server.url}/signals/${id}`);
    await waitForHydration(p);
    expect(await p.locator('.post-text').first().innerText()).toContain('<script>alert(1)</script>');
    expect(await p.locator('main img').count()).toBe(0);
    expect(await p.locator('main script').count()).toBe(0);
    expect(dialogs).toBe(0);
  });
});

describe('live updates', () => {
  it('shows a quiet "N new" button when signals arrive, without moving the list', async () => {
    const p = await signedIn();
    await openQueue(p);
    const before = await p.getByTestId('queue-row').first().innerText();
    await createTestSignal(server.db.db, { text: 'A brand new post about the Elmford bypass.', score: 40 });
    const button = p.getByTestId('new-signals');
    await button.waitFor({ timeout: 15_000 });
    expect(await button.innerText()).toMatch(/^1 new/);
    expect(await p.getByTestId('queue-row').first().innerText()).toBe(before);
  });
});

describe('wellbeing', () => {
  it('counts signals opened today and suggests a break at the soft limit', async () => {
    await setTestSoftLimit(server.db.db, TEST_USERS.admin.email, 2);
    const p = await signedIn('admin');
    await p.goto(`${server.url}/signals/${ids.plandemic}`);
    await waitForHydration(p);
    expect(await p.getByTestId('wellbeing').innerText()).toContain('1 opened today');
    expect(await p.getByText('You have reviewed a lot of material today.').count()).toBe(0);
    await p.goto(`${server.url}/signals/${ids.condemn}`);
    await waitForHydration(p);
    expect(await p.getByTestId('wellbeing').innerText()).toContain('2 opened today');
    await p.getByText('You have reviewed a lot of material today.').waitFor();
    await p.getByRole('button', { name: 'Dismiss for today' }).click();
    await expect.poll(() => p.getByText('You have reviewed a lot of material today.').count()).toBe(0);
  });
});

describe('two analysts', () => {
  it('cannot both claim one signal: the second is told who has it', async () => {
    const second = await launchBrowser();
    try {
      const a = await signedIn('analyst');
      const b = await signedIn('supervisor', second);
      for (const p of [a, b]) {
        await p.goto(`${server.url}/signals/${ids.invaders}`);
        await waitForHydration(p);
      }
      await a.keyboard.press('a');
      await a.getByText('Assigned to you.').waitFor();
      await b.getByRole('button', { name: /Assign to me/ }).click();
      await b.getByText(`${TEST_USERS.analyst.name} is already reviewing this signal.`).first().waitFor();
      const users = await listUsers(server.db.db);
      expect(users.length).toBeGreaterThan(1);
    } finally {
      await second.close();
    }
  });
});

const shots = process.env.SCREENSHOTS_DIR;

it.runIf(shots)('takes screenshots of the queue and the signal page', async () => {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  const p = await signedIn();
  await openQueue(p);
  await p.screenshot({ path: join(shots, 'triage-queue.png') });
  await p
    .locator('tbody tr')
    .nth(1)
    .screenshot({ path: join(shots, 'triage-row.png') });
  await p.keyboard.press('j');
  await p.keyboard.press('j');
  await p.keyboard.press('x');
  await p.keyboard.press('j');
  await p.keyboard.press('x');
  await p.screenshot({ path: join(shots, 'triage-queue-bulk.png') });
  await p.goto(`${server.url}/signals/${ids.replacement}`);
  await waitForHydration(p);
  await p.locator('mark').first().focus();
  await p.screenshot({ path: join(shots, 'triage-signal.png') });
  await p.screenshot({ path: join(shots, 'triage-signal-full.png'), fullPage: true });
  await p.keyboard.press('Escape');
  await p.locator('body').click({ position: { x: 5, y: 5 } });
  await p.keyboard.press('?');
  await p.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await p.screenshot({ path: join(shots, 'triage-keys.png') });
});
