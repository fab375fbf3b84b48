import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { escalateSignal, listEscalationRoutes, listUsers } from '@counterpoint/db';
import { createTestSignal } from '../support/fixtures-signals.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Escalation routes and escalations in a real browser against the built app: a supervisor adds a
 * route for one category and district in Admin; an analyst escalating a matching signal is offered
 * that route first, with its contact, response time and package; the supervisor then records the
 * escalation acknowledged and closed, and the signal's timeline shows both. The CSV export carries
 * no post text or reasons.
 */

let server: WebServer;
let browser: Browser;
const pages: Page[] = [];
const shots = process.env.SCREENSHOTS_DIR;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ demo: true }), launchBrowser()]);
}, 120_000);

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
  await p.waitForURL(`${server.url}/`);
  return p;
}

async function open(p: Page, path: string): Promise<void> {
  await p.goto(`${server.url}${path}`);
  await waitForHydration(p);
}

async function shot(p: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await p.screenshot({ path: join(shots, `${name}.png`) });
}

describe('escalations', () => {
  it('escalates a signal along the suggested route and records its status changing', async () => {
    // A supervisor adds a route for violence in Elmford City.
    const sup = await signedIn('supervisor');
    await open(sup, '/admin/routes/new');
    await sup.getByLabel('Counter-terrorism policing').check();
    await sup.locator('#rt-name').fill('Elmford violence desk (demo)');
    await sup.locator('#rt-category').selectOption('violence');
    await sup.locator('#rt-district').selectOption({ label: 'Elmford City' });
    await sup.locator('#rt-contact').fill('elmford-desk@police.example.com');
    await sup.getByLabel('Expected response (hours)').fill('12');
    await sup.getByRole('button', { name: 'Add route' }).click();
    await sup.waitForURL(/\/admin\/routes\?added=1/);
    const row = sup.getByTestId('route-row').filter({ hasText: 'Elmford violence desk' });
    expect(await row.innerText()).toMatch(/Violence[\s\S]*Elmford City[\s\S]*12 hours/);
    await shot(sup, 'admin-routes');

    // An analyst escalates a matching signal: the new route is suggested first.
    const { id } = await createTestSignal(server.db.db, {
      text: 'Someone says they will bring a knife to the Elmford market on Saturday.',
      category: 'violence',
      score: 88,
      districtSlugs: ['elmford'],
    });
    const analyst = await browser.newPage();
    pages.push(analyst);
    await browser.context.clearCookies();
    await signInWithKeyboard(analyst, server.url, TEST_USERS.analyst.email, TEST_USERS.analyst.password);
    await analyst.waitForURL(`${server.url}/`);
    await open(analyst, `/signals/${id}`);
    await analyst.keyboard.press('e');
    const dialog = analyst.getByRole('dialog');
    const first = dialog.getByTestId('route-choice').first();
    expect(await first.getAttribute('data-suggested')).toBe('true');
    const offered = await first.innerText();
    expect(offered).toContain('Elmford violence desk (demo)');
    expect(offered).toContain('elmford-desk@police.example.com');
    expect(offered).toContain('within 12 hours');
    expect(offered).toMatch(/Excerpt of the post[\s\S]*Link to the post/);
    expect(await first.locator('input').isChecked()).toBe(true);
    await shot(analyst, 'escalate-dialog');
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill('Specific threat to a public place on a named day.');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await expect.poll(() => analyst.getByTestId('signal-status').innerText()).toBe('Escalated');
    expect(await analyst.getByTestId('signal-escalation-status').innerText()).toBe('Sent');

    // An older report to the platform, never acknowledged: overdue on its 72-hour route.
    const old = await createTestSignal(server.db.db, {
      text: 'A leaflet photo calling for a march past the mosque.',
      category: 'anti_minority',
      districtSlugs: ['saltmere-coast'],
    });
    const [alex] = (await listUsers(server.db.db)).filter((u) => u.email === TEST_USERS.analyst.email);
    const [platform] = (await listEscalationRoutes(server.db.db)).filter((r) => r.kind === 'platform_report');
    const overdueId = await escalateSignal(server.db.db, { id: alex!.id, label: alex!.email }, old.id, {
      routeId: platform!.id,
      reason: 'Breaks the platform’s hateful conduct rules.',
    });
    await server.db.db.execute(
      `update escalations set sent_at = now() - interval '4 days' where id = '${overdueId}'`,
    );

    // The supervisor acknowledges, then closes with an outcome.
    await browser.context.clearCookies();
    await signInWithKeyboard(sup, server.url, TEST_USERS.supervisor.email, TEST_USERS.supervisor.password);
    await sup.waitForURL(`${server.url}/`);
    await open(sup, '/escalations');
    const escRow = sup.getByTestId('escalation-row').filter({ hasText: 'Elmford violence desk' });
    expect(await escRow.getByTestId('escalation-status').innerText()).toBe('Sent');
    expect(await escRow.innerText()).toMatch(/Answer due in 1[12] h/);
    const late = sup.getByTestId('escalation-row').filter({ hasText: 'Report to the hosting platform' });
    expect(await late.getAttribute('class')).toContain('overdue');
    expect(await late.innerText()).toMatch(/Overdue by 2[45] h/);
    await shot(sup, 'escalations');
    await escRow.getByRole('link').first().click();
    await sup.waitForURL(/\/escalations\/esc_/);
    await waitForHydration(sup);
    const pkg = await sup.getByTestId('package').innerText();
    expect(pkg).toContain('Someone says they will bring a knife');
    expect(pkg).not.toMatch(/anon-|pseudonym/i);
    await sup.getByLabel('Acknowledgement (optional)').fill('Desk reference ED-2231');
    await sup.getByRole('button', { name: 'Mark acknowledged' }).click();
    await expect.poll(() => sup.getByTestId('escalation-status').innerText()).toBe('Acknowledged');
    await sup.getByLabel('Outcome').fill('Officers visited; words of advice given.');
    await sup.getByRole('button', { name: 'Close with this outcome' }).click();
    await expect.poll(() => sup.getByTestId('escalation-status').innerText()).toBe('Closed');
    expect(await sup.getByTestId('escalation-outcome').innerText()).toBe(
      'Officers visited; words of advice given.',
    );
    await shot(sup, 'escalation-detail');

    // The signal's timeline shows each change.
    await open(sup, `/signals/${id}`);
    const timeline = await sup.getByTestId('timeline').innerText();
    expect(timeline).toMatch(/Escalation closed[\s\S]*Escalation acknowledged[\s\S]*Escalated/);
    expect(await sup.getByTestId('signal-escalation-status').innerText()).toBe('Closed');

    // The export follows the filters and carries links and times, not reasons or post text.
    const csv = await sup.request.get(`${server.url}/escalations/export?status=closed`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('Elmford violence desk (demo)');
    expect(body).not.toContain('Specific threat');
    expect(body).not.toContain('knife');
    expect(body.trim().split('\r\n')).toHaveLength(2);
  });

  it('keeps recording progress and the routes with those who may manage escalations', async () => {
    const analyst = await signedIn('analyst');
    await open(analyst, '/escalations');
    if (process.env.DEBUG_ESC)
      (await import('node:fs')).writeFileSync('/tmp/esc-server.log', server.output());
    expect(await analyst.getByRole('heading', { name: 'Escalations', level: 1 }).count()).toBe(1);
    await analyst.getByTestId('escalation-row').first().getByRole('link').first().click();
    await analyst.waitForURL(/\/escalations\/esc_/);
    expect(await analyst.getByRole('button', { name: 'Mark acknowledged' }).count()).toBe(0);
    const res = await analyst.request.get(`${server.url}/admin/routes`);
    expect(await res.text()).toContain('have access');
  });

  it('exports the queue view as CSV with links, no author, and formulas defused', async () => {
    for (let i = 0; i < 3; i++)
      await createTestSignal(server.db.db, {
        text: `Export check ${i}: leaflets about the Kestrel Vale bypass.`,
        category: 'conspiracy',
        score: 50 + i,
        sourceName: '=HYPERLINK("http://evil.example","click")',
        author: 'c'.repeat(64),
      });
    const analyst = await signedIn('analyst');
    await open(analyst, '/signals?category=conspiracy');
    const link = analyst.getByRole('link', { name: 'Export CSV' });
    expect(await link.getAttribute('href')).toBe('/signals/export?category=conspiracy');
    const res = await analyst.request.get(`${server.url}/signals/export?category=conspiracy`);
    expect(res.headers()['content-disposition']).toContain('signals-new-');
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^signal_id,status,category,band,score/);
    const rows = lines.slice(1).filter((l) => l.includes('HYPERLINK'));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      expect(row).toMatch(/https:\/\/social\.example\.org\//);
      expect(row).not.toContain('Export check');
      expect(row).not.toContain('cccccccc');
    }
    // Board viewers may not export.
    await browser.context.clearCookies();
    const board = await browser.newPage();
    pages.push(board);
    const bo = TEST_USERS.board_viewer;
    await signInWithKeyboard(board, server.url, bo.email, bo.password);
    await board.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    const refused = await board.request.get(`${server.url}/signals/export`, { maxRedirects: 0 });
    expect(refused.status()).not.toBe(200);
  });
});
