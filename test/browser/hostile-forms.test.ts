import { ID_PREFIXES, ROLES, can, type Role } from '@counterpoint/core';
import { createNarrative, getUserByEmail, listSources, searchAudit } from '@counterpoint/db';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_ACTION_RULES, ROUTE_RULES, type Rule } from '../../apps/web/src/lib/server/routes.js';
import { hasWords } from '../support/answer-words.js';
import { actionUrl, postAction, signInCookie, type ActionAnswer, type Target } from '../support/http.js';
import { watchLoop, type LoopWatchdog } from '../support/loop-watchdog.js';
import { startWebInProcess } from '../support/web-inprocess.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * Hostile input to every form action, generated from the route table: malformed, oversized, odd
 * and missing fields, at odd addresses, posted as a person allowed to use the action. Every answer
 * must be below 500, and a refusal must carry words for the person.
 *
 * The built app answers in this process (web-inprocess.ts), several posts at a time. Payloads come
 * from fast-check arbitraries drawn with one seed (printed, and settable with HOSTILE_FORM_SEED),
 * so a failure names the payload and replays; there is no shrinking, which would cost more than a
 * run. Each action gets HOSTILE_FORM_RUNS payloads: a CI-sized sample in `npm test`, 1,000 with
 * `pnpm test:hostile` (docs/privacy.md has the figures).
 *
 * A post that never answers fails its action naming the payload, whether it waits on something
 * (POST_LIMIT_MS) or blocks the event loop (the watchdog thread, which ends the process), so a
 * hang cannot hold up CI.
 */
const RUNS = Number(process.env.HOSTILE_FORM_RUNS ?? 10);
const SEED = Number(process.env.HOSTILE_FORM_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = Number(process.env.HOSTILE_FORM_CONCURRENCY ?? 4);
// Far above any honest answer (tens of milliseconds; seconds on a loaded machine): a limit on
// hanging, not on speed.
const POST_LIMIT_MS = Number(process.env.HOSTILE_FORM_POST_LIMIT_MS ?? 60_000);
// One line per action with its time, for the long run.
const VERBOSE = process.env.HOSTILE_FORM_VERBOSE !== undefined || RUNS >= 500;

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

/** Ids of records that exist, so payloads also reach the code behind "not found". */
const realIds: string[] = [];

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uFEFF',
    '\u202E',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '../../etc/passwd',
  ),
  fc.constantFrom('-1', '0', '1e309', 'NaN', '9999999999999999999999', '2026-02-30', '25:61', 'null', 'true'),
  fc.constantFrom('javascript:alert(1)', 'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd'),
  fc.constantFrom('__proto__', 'constructor', 'sig_01arz3ndektsv4rrffq69g5fav', 'x'.repeat(70_000)),
  fc.nat().map((n) => realIds[n % Math.max(1, realIds.length)] ?? ''),
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

/** The id segment of an address: garbage, a lone surrogate, a well-formed id of nothing, a real one. */
function samples(routeId: string): string[] {
  const odd = ['sample-id', 'x', '%00', '..', '%ED%A0%80', '%E2%80%AE', 'sig_01ARZ3NDEKTSV4RRFFQ69G5FAV'];
  if (!routeId.includes('[id]')) return ['sample-id'];
  const parent = routeId.split('/[id]')[0]!.split('/').pop()!;
  const prefix = PREFIX_OF[parent];
  if (!prefix) return odd;
  const real = realIds.find((id) => id.startsWith(`${prefix}_`));
  return [...odd, `${prefix}_01arz3ndektsv4rrffq69g5fav`, ...(real ? [real, real, real] : [])];
}

// The collection a route's [id] names, as its id prefix.
const PREFIX_OF: Record<string, string> = {
  signals: ID_PREFIXES.signal,
  narratives: ID_PREFIXES.narrative,
  campaigns: ID_PREFIXES.campaign,
  escalations: ID_PREFIXES.escalation,
  outreach: ID_PREFIXES.engagement,
  contacts: ID_PREFIXES.contact,
  sources: ID_PREFIXES.source,
  routes: ID_PREFIXES.route,
  risks: ID_PREFIXES.risk,
  spaces: ID_PREFIXES.space,
};

function allowedRole(rule: Rule, pageRule: Rule): Role | null {
  const ok = (r: Rule, role: Role) => r === 'public' || r === 'signed-in' || can(role, r);
  return ROLES.find((role) => ok(rule, role) && ok(pageRule, role)) ?? null;
}

// HOSTILE_FORM_HTTP=1 posts to the real server process instead (adapter-node's body limit and
// socket handling included; slower): a post the process dies of fails with "fetch failed".
const HTTP = process.env.HOSTILE_FORM_HTTP !== undefined;
let web: Pick<WebServer, 'url' | 'db'> & { fetch?: Target['fetch']; stop(): Promise<unknown> };
const cookies = new Map<Role, string>();
let watchdog: LoopWatchdog | undefined;

beforeAll(async () => {
  watchdog = watchLoop('hostile-forms', POST_LIMIT_MS);
  if (HTTP) web = await startWebServer({ demo: true });
  else web = await startWebInProcess({ demo: true });
  for (const role of ROLES)
    cookies.set(role, await signInCookie(web, TEST_USERS[role].email, TEST_USERS[role].password));
  // Records to aim at: two signals in a narrative, and whatever the demo seed made.
  const first = await createTestSignal(web.db.db, { text: 'Hostile-input target signal one.' });
  const second = await createTestSignal(web.db.db, { text: 'Hostile-input target signal two.' });
  const analyst = (await getUserByEmail(web.db.db, TEST_USERS.analyst.email))!;
  const narrative = await createNarrative(
    web.db.db,
    { id: analyst.id, label: analyst.email },
    {
      title: 'Hostile-input target',
      summary: '',
      category: 'anti_minority',
      districtIds: [],
      signalIds: [first.id],
    },
  );
  realIds.push(first.id, second.id, narrative.id);
  const audit = await searchAudit(web.db.db, {}, { limit: 2_000 });
  for (const row of audit.rows) if (/^[a-z]{3}_/.test(row.entityId)) realIds.push(row.entityId);
  // The demo seed writes its sources without audit rows; without them /admin/sources/[id] would only
  // ever see ids of nothing and its action would go untested.
  for (const source of await listSources(web.db.db)) realIds.push(source.id);
  console.info(`hostile-forms: ${RUNS} payloads per action, seed ${SEED} (HOSTILE_FORM_SEED replays it)`);
}, 180_000);

afterAll(async () => {
  await web?.stop();
  await watchdog?.stop();
});

// Signing out would end the session the rest of the suite posts with. HOSTILE_FORM_SHARD=k/n takes
// every n-th action from the k-th, so a long run can be split across processes.
const [shard, shards] = (process.env.HOSTILE_FORM_SHARD ?? '1/1').split('/').map(Number) as [number, number];
// HOSTILE_FORM_ONLY=<text> keeps the actions whose key contains it, to chase one action's answer.
const ONLY = process.env.HOSTILE_FORM_ONLY ?? '';
const actions = Object.entries(FORM_ACTION_RULES)
  .filter(([key]) => !key.startsWith('/sign-out'))
  .filter((_, i) => i % shards === shard - 1)
  .filter(([key]) => key.includes(ONLY));
const statuses = new Map<number, number>();

function problem(key: string, answer: ActionAnswer): string | null {
  const inner = answer.result?.status ?? answer.status;
  if (answer.status >= 500 || inner >= 500) return `${answer.status}/${inner}`;
  const refused =
    answer.result?.type === 'failure' || answer.result?.type === 'error' || answer.status >= 400;
  // Words a person can act on, not an empty body or a bare code.
  if (refused && !hasWords(answer.text)) return `no message for ${key}`;
  return null;
}

/** A post's answer, or null when none came within POST_LIMIT_MS. */
async function answerWithin(
  url: string,
  cookie: string | null,
  form: FormData,
): Promise<ActionAnswer | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), POST_LIMIT_MS)));
  try {
    return await Promise.race([postAction(web, url, cookie, form), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('hostile input to every form action', () => {
  it('covers the table', () => {
    expect(actions.length).toBeGreaterThan(ONLY ? 0 : 20 / shards);
  });

  it.each(actions)(
    `%s answers ${RUNS} malformed posts below 500, in words`,
    async (key, rule) => {
      const routeId = key.split('?/')[0]!;
      const page = ROUTE_RULES[routeId]!;
      const role = allowedRole(rule, page.rule);
      const cookie = key.startsWith('/sign-in') ? null : role ? cookies.get(role)! : null;
      const cases = fc.sample(fc.tuple(payload, fc.constantFrom(...samples(routeId))), {
        numRuns: RUNS,
        seed: SEED,
      });
      const failures: string[] = [];
      const inFlight = new Map<number, string>();
      let next = 0;
      const worker = async () => {
        while (next < cases.length && failures.length < 3) {
          const index = next++;
          const [fields, sample] = cases[index]!;
          const form = new FormData();
          for (const [name, value] of fields) {
            if (name === 'file' || name === 'csv') form.append(name, new Blob([value]), 'upload.csv');
            else form.append(name, value);
          }
          const url = actionUrl(key, sample);
          const named = `#${index} (seed ${SEED}) at ${url} with ${JSON.stringify(fields).slice(0, 400)}`;
          inFlight.set(index, named);
          watchdog?.doing([...inFlight.values()].join('\n'));
          const answer = await answerWithin(url, cookie, form);
          inFlight.delete(index);
          watchdog?.doing([...inFlight.values()].join('\n'));
          if (!answer) {
            failures.push(`${named}: no answer within ${POST_LIMIT_MS / 1000} s`);
            continue;
          }
          const inner = answer.result?.status ?? answer.status;
          statuses.set(inner, (statuses.get(inner) ?? 0) + 1);
          const wrong = problem(key, answer);
          if (wrong) failures.push(`${named}: ${wrong}: ${answer.text.slice(0, 300)}`);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (VERBOSE)
        console.info(`${key}: ${cases.length} posts in ${Math.round(performance.now() - started)} ms`);
      expect(failures).toEqual([]);
    },
    Math.max(120_000, RUNS * 1_000),
  );

  it('reports what it saw', () => {
    const seen = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.info(`hostile-forms: ${actions.length} actions × ${RUNS} payloads; statuses ${seen.join(', ')}`);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  });
});
