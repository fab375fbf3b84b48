import { ROLES, can, type Action, type Role } from '@counterpoint/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithKeyboard, type Browser } from '../support/browser.js';
import { createTestSignal } from '../support/fixtures-signals.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Every triage route and form action, for every role, against the running app: a role the
 * permission table does not allow gets 403; an allowed one gets through (whatever the action then
 * says about its input).
 */

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ demo: true }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const ROUTES: Array<{ path: (id: string) => string; rule: Action }> = [
  { path: () => '/signals', rule: 'signals:view' },
  { path: (id) => `/signals/${id}`, rule: 'signals:view' },
  { path: () => '/signals/stream', rule: 'signals:view' },
];

const ACTIONS: Array<{ path: (id: string) => string; rule: Action; body?: Record<string, string> }> = [
  { path: () => '/signals?/bulkClaim', rule: 'signals:triage' },
  { path: () => '/signals?/bulkDismiss', rule: 'signals:triage', body: { reason: 'x' } },
  { path: () => '/signals?/bulkEscalate', rule: 'signals:escalate', body: { reason: 'x' } },
  { path: () => '/signals?/bulkLabel', rule: 'signals:triage' },
  { path: () => '/signals?/bulkNote', rule: 'signals:triage' },
  { path: () => '/signals?/bulkLink', rule: 'signals:triage', body: { narrativeId: 'nar_none' } },
  { path: () => '/signals?/saveView', rule: 'signals:view', body: { name: '' } },
  { path: () => '/signals?/deleteView', rule: 'signals:view', body: { id: 'svw_none' } },
  { path: (id) => `/signals/${id}?/claim`, rule: 'signals:triage' },
  { path: (id) => `/signals/${id}?/release`, rule: 'signals:triage' },
  { path: (id) => `/signals/${id}?/dismiss`, rule: 'signals:triage', body: { reason: '' } },
  { path: (id) => `/signals/${id}?/escalate`, rule: 'signals:escalate', body: { reason: '' } },
  { path: (id) => `/signals/${id}?/label`, rule: 'signals:triage', body: { relevant: 'yes' } },
  { path: (id) => `/signals/${id}?/note`, rule: 'signals:triage', body: { body: '' } },
  { path: (id) => `/signals/${id}?/close`, rule: 'signals:triage' },
  { path: (id) => `/signals/${id}?/link`, rule: 'signals:triage', body: { narrativeId: 'nar_none' } },
];

/** Status of a request made by the signed-in page (its cookies and Origin), body left unread. */
async function statusOf(p: Page, path: string, method: 'GET' | 'POST', body?: Record<string, string>) {
  return p.evaluate(
    async ([url, m, b]) => {
      const ctl = new AbortController();
      const res = await fetch(url, {
        method: m,
        signal: ctl.signal,
        redirect: 'manual',
        headers: { accept: m === 'GET' ? 'text/html' : 'application/json' },
        ...(m === 'POST' ? { body: new URLSearchParams(b ?? {}) } : {}),
      });
      ctl.abort();
      return res.status;
    },
    [path, method, body] as const,
  );
}

describe('triage permissions', () => {
  it.each(ROLES)('are enforced for %s', async (role: Role) => {
    const { id } = await createTestSignal(server.db.db, { text: `Permission probe for ${role}.`, score: 50 });
    const p = await browser.newPage();
    try {
      const u = TEST_USERS[role];
      await signInWithKeyboard(p, server.url, u.email, u.password);
      await p.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      for (const r of ROUTES) {
        const status = await statusOf(p, r.path(id), 'GET');
        if (can(role, r.rule)) expect(status, `${role} GET ${r.path(id)}`).toBe(200);
        else expect(status, `${role} GET ${r.path(id)}`).toBe(403);
      }
      for (const a of ACTIONS) {
        const status = await statusOf(p, a.path(id), 'POST', a.body);
        if (can(role, a.rule)) expect(status, `${role} POST ${a.path(id)}`).not.toBe(403);
        else expect(status, `${role} POST ${a.path(id)}`).toBe(403);
      }
    } finally {
      await p.close();
      await browser.context.clearCookies();
    }
  });
});
