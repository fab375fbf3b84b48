import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encryptIdentity, newId, parseIdentityKey, pseudonym } from '@counterpoint/core';
import { createUser, schema, SYSTEM_ACTOR, searchAudit } from '@counterpoint/db';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration, type Browser } from '../support/browser.js';
import { TEST_PASSWORD, TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * The identity reveal flow in a real browser against the built app: an analyst asks for the person
 * behind a post's pseudonym with a purpose; the supervisor cannot approve their own request but
 * approves the analyst's; the analyst opens the identity (one audit row per view); another analyst
 * cannot; the audit viewer shows the chain intact and the reveal's entries.
 */

let server: WebServer;
let browser: Browser;
let page: Page;
let signalId: string;
const shots = process.env.SCREENSHOTS_DIR;
const HANDLE = 'river.watcher@social.example';
const OTHER_ANALYST = {
  email: 'robin.analyst@example.com',
  name: 'Robin Hale',
  role: 'analyst',
  password: TEST_PASSWORD,
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser({ width: 1440, height: 900 })]);
  await createUser(server.db.db, SYSTEM_ACTOR, OTHER_ANALYST);
  const author = pseudonym(server.secrets.pseudonymSecret, 'mastodon', `@${HANDLE}`);
  ({ id: signalId } = await createTestSignal(server.db.db, {
    text: 'They should all be driven out of Kestrelbury before the winter fair, one way or another.',
    category: 'anti_minority',
    score: 82,
    author,
  }));
  const sealed = encryptIdentity(
    parseIdentityKey(server.secrets.identityKey),
    { handle: HANDLE, displayName: 'River Watcher' },
    author,
  );
  await server.db.db
    .insert(schema.identities)
    .values({ id: newId('identity'), pseudonym: author, platform: 'mastodon', ...sealed });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(email: string, password = TEST_PASSWORD): Promise<void> {
  await browser.context.clearCookies();
  await signInWithKeyboard(page, server.url, email, password);
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

async function open(path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await waitForHydration(page);
}

async function shot(name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

async function requestReveal(purpose: string): Promise<void> {
  await open(`/signals/${signalId}`);
  const panel = page.getByTestId('reveal-panel');
  await panel.getByRole('button', { name: 'Request identity…' }).click();
  await panel.getByLabel('Purpose').fill(purpose);
  await panel.getByRole('button', { name: 'Send request' }).click();
  await panel.getByText('Awaiting a supervisor').waitFor();
}

describe('identity reveal', () => {
  it('is requested, decided by another supervisor, shown to the requester alone and audited', async () => {
    // The analyst asks, with a purpose; a too-short purpose is refused with a clear message.
    await as(TEST_USERS.analyst.email);
    await open(`/signals/${signalId}`);
    const panel = page.getByTestId('reveal-panel');
    expect(await panel.innerText()).not.toContain(HANDLE);
    await panel.getByRole('button', { name: 'Request identity…' }).click();
    await panel
      .getByLabel('Purpose')
      .fill('Safeguarding referral: the account appears to be a pupil at a named school.');
    await panel.getByRole('button', { name: 'Send request' }).click();
    await panel.getByText('Awaiting a supervisor').waitFor();

    // The supervisor asks too, then cannot approve their own request but approves the analyst's.
    await as(TEST_USERS.supervisor.email);
    await requestReveal('Checking whether this account is the one named in last week’s police referral.');
    await open('/admin/reveals');
    const requests = page.getByTestId('reveal-request');
    expect(await requests.count()).toBe(2);
    const own = requests.filter({ hasText: TEST_USERS.supervisor.name });
    await own.getByTestId('own-request').waitFor();
    expect(await own.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await shot('reveal-requests');
    // Even posted directly, the supervisor's own request is refused by the server.
    const ownId = await own.locator('input[name="id"]').count();
    expect(ownId).toBe(0);
    const reveals = await server.db.db.select().from(schema.identityReveals);
    const mine = reveals.find((r) => r.purpose.startsWith('Checking'))!;
    const forged = await page.request.post(`${server.url}/admin/reveals?/decide`, {
      form: { id: mine.id, decision: 'approve', note: '' },
      headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' },
    });
    expect(await forged.text()).toContain('another supervisor must decide');

    const theirs = requests.filter({ hasText: TEST_USERS.analyst.name });
    await theirs.getByRole('button', { name: /Approve for 24 hours/ }).click();
    await page.getByTestId('reveal-message').getByText('Approved').waitFor();
    expect(await page.getByTestId('reveal-request').count()).toBe(1);

    // The analyst opens the identity: shown, and one audit row per view.
    await as(TEST_USERS.analyst.email);
    await open(`/signals/${signalId}`);
    await panel.getByText('Reveal approved').waitFor();
    await panel.getByRole('button', { name: 'Show identity (recorded)' }).click();
    const shown = page.getByTestId('revealed-identity');
    await shown.waitFor();
    expect(await shown.innerText()).toContain(HANDLE);
    expect(await shown.innerText()).toContain('River Watcher');
    await panel.scrollIntoViewIfNeeded();
    await shot('signal-reveal');
    const approved = (await server.db.db.select().from(schema.identityReveals)).find(
      (r) => r.status === 'approved',
    )!;
    const views = await searchAudit(server.db.db, { entityId: approved.id, action: 'identity_reveal.view' });
    expect(views.rows).toHaveLength(1);
    expect(views.rows[0]!.actorLabel).toBe(TEST_USERS.analyst.email);

    // Another analyst sees no identity and is refused even when posting the reveal's id.
    await as(OTHER_ANALYST.email);
    await open(`/signals/${signalId}`);
    expect(await panel.innerText()).not.toContain(HANDLE);
    await panel.getByRole('button', { name: 'Request identity…' }).waitFor();
    const peek = await page.request.post(`${server.url}/signals/${signalId}?/showIdentity`, {
      form: { revealId: approved.id },
      headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' },
    });
    const body = await peek.text();
    expect(body).toContain('failure');
    expect(body).not.toContain(HANDLE);
    expect(
      (await searchAudit(server.db.db, { entityId: approved.id, action: 'identity_reveal.view' })).rows,
    ).toHaveLength(1);

    // The audit viewer shows the chain verified and the reveal's entries, filtered.
    await as(TEST_USERS.supervisor.email);
    await open('/admin/audit?entityType=identity_reveal');
    expect(await page.getByTestId('audit-chain').innerText()).toContain('Chain verified: intact');
    const actions = await page.getByTestId('audit-row').locator('.badge').allInnerTexts();
    expect(actions).toEqual(
      expect.arrayContaining(['identity_reveal.request', 'identity_reveal.approve', 'identity_reveal.view']),
    );
    await page.getByTestId('audit-row').first().locator('summary').click();
    await shot('audit-viewer');
    const csv = await page.request.get(`${server.url}/admin/audit/export?entityType=identity_reveal`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(1 + actions.length);
    expect(lines.join('\n')).not.toContain(HANDLE);

    // A subject access request from the author: the handle finds their post through its pseudonym,
    // and the lookup is audited without the handle.
    await open('/admin/subject-requests');
    await page.getByLabel('Handle the person gave').fill(`@${HANDLE.toUpperCase()}`);
    await page.getByRole('button', { name: 'Find held content' }).click();
    const held = page.getByTestId('dsr-held');
    await held.waitFor();
    expect(await held.innerText()).toMatch(/1 post held, 1 signal raised[\s\S]*identity held \(encrypted\)/);
    await shot('subject-requests');
    const lookups = await searchAudit(server.db.db, { action: 'subject.lookup' });
    expect(lookups.rows).toHaveLength(1);
    expect(JSON.stringify(lookups.rows[0]!.change)).not.toContain('river');
  }, 120_000);
});
