import { ROLES, can, type Role } from '@counterpoint/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_ACTION_RULES, ROUTE_RULES, type Rule } from '../../apps/web/src/lib/server/routes.js';
import { actionUrl, postAction, signInCookie } from '../support/http.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Hostile input to every form action, generated from the route table: malformed, oversized, odd
 * and missing fields, posted as a person allowed to use the action. Every answer must be below 500,
 * and a refusal must carry words for the person. Each action gets HOSTILE_FORM_RUNS payloads:
 * 1,000 unless HOSTILE_FORM_RUNS says otherwise.
 */
const RUNS = Number(process.env.HOSTILE_FORM_RUNS ?? 1000);
// Not yet part of `npm test`: its first runs found actions that answer 500 (a NUL in an id or a
// field reaches PostgreSQL) and one that resets the connection; run it with HOSTILE_FORM_RUNS set
// until those are fixed (issue 8 stays open for it).
const ENABLED = process.env.HOSTILE_FORM_RUNS !== undefined;

// Field names the workbench's forms use, so generated payloads reach validation past "missing".
const FIELDS = [
  'id',
  'ids',
  'signalId',
  'narrativeId',
  'campaignId',
  'routeId',
  'userId',
  'sourceId',
  'termId',
  'reason',
  'note',
  'text',
  'body',
  'title',
  'summary',
  'name',
  'email',
  'password',
  'role',
  'status',
  'category',
  'district',
  'districtId',
  'districts',
  'label',
  'purpose',
  'outcome',
  'comment',
  'date',
  'start',
  'end',
  'startsAt',
  'endsAt',
  'url',
  'feedUrl',
  'weight',
  'mode',
  'phrase',
  'threshold',
  'days',
  'channel',
  'kind',
  'contact',
  'hours',
  'from',
  'until',
  'file',
  'csv',
  'confirm',
  'q',
  'view',
];

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '../../etc/passwd',
  ),
  fc.constantFrom('-1', '0', '1e309', 'NaN', '9999999999999999999999', '2026-02-30', '25:61', 'null', 'true'),
  fc.constantFrom('javascript:alert(1)', 'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd'),
  fc.constantFrom('__proto__', 'constructor', 'sig_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'x'.repeat(70_000)),
  fc.string({ minLength: 1_000, maxLength: 5_000 }),
);

const payload = fc.array(
  fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    ),
    nasty,
  ),
  { maxLength: 8 },
);

function allowedRole(rule: Rule, pageRule: Rule): Role | null {
  const ok = (r: Rule, role: Role) => r === 'public' || r === 'signed-in' || can(role, r);
  return ROLES.find((role) => ok(rule, role) && ok(pageRule, role)) ?? null;
}

let server: WebServer;
const cookies = new Map<Role, string>();

beforeAll(async () => {
  if (!ENABLED) return;
  server = await startWebServer();
  for (const role of ROLES)
    cookies.set(role, await signInCookie(server, TEST_USERS[role].email, TEST_USERS[role].password));
});

afterAll(async () => {
  await server?.stop();
});

// Signing out would end the session the rest of the suite posts with.
const actions = Object.entries(FORM_ACTION_RULES).filter(([key]) => !key.startsWith('/sign-out'));

describe.skipIf(!ENABLED)('hostile input to every form action', () => {
  it('covers the table', () => {
    expect(actions.length).toBeGreaterThan(20);
  });

  it.each(actions)(
    `%s answers ${RUNS} malformed posts below 500, in words`,
    async (key, rule) => {
      const page = ROUTE_RULES[key.split('?/')[0]!]!;
      const role = allowedRole(rule, page.rule);
      const cookie = key.startsWith('/sign-in') ? null : role ? cookies.get(role)! : null;
      await fc.assert(
        fc.asyncProperty(payload, fc.constantFrom('sample-id', 'x', '%00', '..'), async (fields, sample) => {
          const form = new FormData();
          for (const [name, value] of fields) {
            if (name === 'file' || name === 'csv') form.append(name, new Blob([value]), 'upload.csv');
            else form.append(name, value);
          }
          const answer = await postAction(server, actionUrl(key, sample), cookie, form);
          const inner = answer.result?.status ?? answer.status;
          expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
          expect(inner, answer.text.slice(0, 300)).toBeLessThan(500);
          if (answer.result?.type === 'failure' || answer.result?.type === 'error' || answer.status >= 400) {
            // Words a person can act on: some letters, not an empty body or a bare code.
            expect(answer.text, `no message for ${key}`).toMatch(/[A-Za-z]{3,}[^"]*\s[A-Za-z]{2,}/);
          }
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );
});
