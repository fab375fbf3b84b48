import { ROLES, can, type Role } from '@counterpoint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_ACTION_RULES, ROUTE_RULES, type Rule } from '../../apps/web/src/lib/server/routes.js';
import { actionUrl, postAction, sampleUrl, signInCookie } from '../support/http.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * The workbench half of the permission matrix, generated from the route table: every page and
 * every form action, for every role and for a visitor who is not signed in, must answer as the
 * table says. routes.test.ts fails for a route or action without a rule, so a new one is covered
 * here the moment it is added.
 */
type Who = Role | 'anonymous';
const WHO: readonly Who[] = ['anonymous', ...ROLES];

function expected(rule: Rule, who: Who): 'allow' | 'sign-in' | 'refuse' {
  if (rule === 'public') return 'allow';
  if (who === 'anonymous') return 'sign-in';
  if (rule === 'signed-in') return 'allow';
  return can(who, rule) ? 'allow' : 'refuse';
}

/** Ending one's own sessions would sign the matrix out, so these run last for each role. */
const LAST = (key: string) => key.startsWith('/sign-out');

let server: WebServer;
const cookies = new Map<Who, string | null>();

beforeAll(async () => {
  server = await startWebServer();
  cookies.set('anonymous', null);
  for (const role of ROLES) {
    cookies.set(role, await signInCookie(server, TEST_USERS[role].email, TEST_USERS[role].password));
  }
});

afterAll(async () => {
  await server?.stop();
});

async function get(url: string, cookie: string | null) {
  const controller = new AbortController();
  const res = await fetch(`${server.url}${url}`, {
    redirect: 'manual',
    headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
    signal: controller.signal,
  });
  // Event streams never end; the status is all this test needs.
  controller.abort();
  return res;
}

describe('workbench permission matrix', () => {
  const pages = Object.entries(ROUTE_RULES);
  const actions = Object.entries(FORM_ACTION_RULES).sort(([a], [b]) => Number(LAST(a)) - Number(LAST(b)));

  it('covers the whole table', () => {
    expect(pages.length).toBeGreaterThan(15);
    expect(actions.length).toBeGreaterThan(20);
  });

  it.each(WHO)('every page answers %s as the table says', async (who) => {
    const wrong: string[] = [];
    for (const [routeId, { rule }] of pages) {
      const url = sampleUrl(routeId);
      const res = await get(url, cookies.get(who) ?? null);
      const want = expected(rule, who);
      const location = res.headers.get('location') ?? '';
      const ok =
        res.status < 500 &&
        (want === 'allow'
          ? res.status !== 403 && !location.startsWith('/sign-in?redirectTo')
          : want === 'sign-in'
            ? res.status === 303 && location.startsWith('/sign-in')
            : res.status === 403);
      if (!ok) wrong.push(`GET ${url} (${rule}) → ${res.status} ${location}, expected ${want}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(WHO)('every form action answers %s as the table says', async (who) => {
    const wrong: string[] = [];
    for (const [key, rule] of actions) {
      const page = ROUTE_RULES[key.split('?/')[0]!]!;
      // An action is open only when both the page's rule and its own allow it.
      const pageWant = expected(page.rule, who);
      const actionWant = expected(rule, who);
      const want = pageWant === 'allow' ? actionWant : pageWant;
      const url = actionUrl(key);
      const answer = await postAction(server, url, cookies.get(who) ?? null);
      const innerStatus = answer.result?.status ?? answer.status;
      const ok =
        answer.status < 500 &&
        innerStatus < 500 &&
        (want === 'allow'
          ? answer.status !== 403 && innerStatus !== 403 && answer.status !== 303
          : want === 'sign-in'
            ? // An enhanced form is told to go to the sign-in page in SvelteKit's JSON shape.
              answer.status === 303 ||
              (answer.result?.type === 'redirect' && answer.text.includes('"location":"/sign-in'))
            : answer.status === 403);
      if (!ok)
        wrong.push(
          `POST ${url} (${rule}) → ${answer.status}/${innerStatus} ${answer.text.slice(0, 120)}, expected ${want}`,
        );
    }
    expect(wrong).toEqual([]);
  });
});
