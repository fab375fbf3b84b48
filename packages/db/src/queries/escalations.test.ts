import { newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { rowsOf } from '../open.js';
import { escalations } from '../schema/escalations.js';
import { districts } from '../schema/geography.js';
import { identityReveals } from '../schema/privacy.js';
import { items } from '../schema/items.js';
import { ensureReferenceData } from '../reference.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  createEscalationRoute,
  listEscalationRoutes,
  routeOptionsFor,
  setEscalationRouteActive,
  updateEscalationRoute,
} from './escalation-routes.js';
import {
  acknowledgeEscalation,
  closeEscalation,
  countEscalations,
  escalationsDueForRecheck,
  getEscalation,
  listEscalations,
  recordContentCheck,
} from './escalations.js';
import { exportEscalationsPage, exportSignalsPage } from './exports.js';
import { signalTimeline, getSignalDetail } from './signals-detail.js';
import { createTestSignal } from './signals-testing.js';
import { escalateSignal } from './triage.js';
import { createUser } from './users.js';

let t: TestDatabase;
let sam: { id: string; label: string };
let elmford: string;
let saltmere: string;

const route = (over: Record<string, unknown>) => ({
  name: 'Route',
  kind: 'platform_report',
  category: '',
  districtId: '',
  contact: 'reports@platform.example',
  expectedResponseHours: '24',
  packageContents: ['excerpt', 'link'],
  description: '',
  ...over,
});

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const u = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'sam@example.org',
    name: 'Sam Patel',
    role: 'supervisor',
    password: 'correct-horse-battery-staple',
  });
  sam = { id: u.id, label: u.email };
  elmford = newId('district');
  saltmere = newId('district');
  await t.db.insert(districts).values([
    { id: elmford, tier: 'district', slug: 'elmford', name: 'Elmford' },
    { id: saltmere, tier: 'district', slug: 'saltmere', name: 'Saltmere' },
  ]);
});

afterAll(async () => {
  await t?.drop();
});

describe('escalation routes', () => {
  it('creates, edits and deactivates routes, audited, and refuses bad input by field', async () => {
    const refusedFields = async (raw: Record<string, unknown>) => {
      try {
        await createEscalationRoute(t.db, sam, raw);
      } catch (e) {
        expect(e).toMatchObject({ code: 'invalid_input' });
        return Object.keys((e as { details: { fields: object } }).details.fields).sort();
      }
      return [];
    };
    expect(await refusedFields(route({ name: '', expectedResponseHours: 'soon' }))).toEqual([
      'expectedResponseHours',
      'name',
    ]);
    expect(await refusedFields(route({ districtId: 'dst_nope' }))).toEqual(['districtId']);
    const id = await createEscalationRoute(t.db, sam, route({ name: 'Temporary route' }));
    await updateEscalationRoute(
      t.db,
      sam,
      id,
      route({ name: 'Temporary route', expectedResponseHours: '12' }),
    );
    await setEscalationRouteActive(t.db, sam, id, false);
    const listed = (await listEscalationRoutes(t.db)).find((r) => r.id === id);
    expect(listed).toMatchObject({ active: false, expectedResponseHours: 12 });
    const audit = await t.db.execute(
      `select action, change from audit_log where entity_type = 'escalation_route' and entity_id = '${id}' order by seq`,
    );
    const rows = rowsOf<{ action: string; change: Record<string, unknown> }>(audit);
    expect(rows.map((r) => r.action)).toEqual([
      'escalation_route.created',
      'escalation_route.updated',
      'escalation_route.deactivated',
    ]);
    expect(rows[1]!.change).toEqual({ expectedResponseHours: { from: 24, to: 12 } });
    expect((await routeOptionsFor(t.db, { category: null, districtIds: [] })).map((r) => r.id)).not.toContain(
      id,
    );
  });

  it('suggests the route for the category and district first', async () => {
    const any = await createEscalationRoute(t.db, sam, route({ name: 'Police, any', kind: 'ct_policing' }));
    const cat = await createEscalationRoute(
      t.db,
      sam,
      route({ name: 'Police, violence', kind: 'ct_policing', category: 'violence' }),
    );
    const exact = await createEscalationRoute(
      t.db,
      sam,
      route({
        name: 'Police, violence in Elmford',
        kind: 'ct_policing',
        category: 'violence',
        districtId: elmford,
      }),
    );
    const inElmford = await routeOptionsFor(t.db, { category: 'violence', districtIds: [elmford] });
    const police = inElmford.filter((r) => r.kind === 'ct_policing');
    expect(police.map((r) => [r.id, r.suggested])).toEqual([
      [exact, true],
      [cat, false],
      [any, false],
    ]);
    const inSaltmere = await routeOptionsFor(t.db, { category: 'violence', districtIds: [saltmere] });
    expect(inSaltmere.find((r) => r.suggested && r.kind === 'ct_policing')?.id).toBe(cat);
    expect(inSaltmere.find((r) => r.id === exact)?.match).toBeNull();
  });
});

describe('escalations', () => {
  let platform: string;
  let board: string;
  let police: string;

  beforeAll(async () => {
    platform = await createEscalationRoute(
      t.db,
      sam,
      route({ name: 'Platform report', expectedResponseHours: '1' }),
    );
    board = await createEscalationRoute(
      t.db,
      sam,
      route({ name: 'Board', kind: 'partnership_board', packageContents: ['summary', 'counts'] }),
    );
    police = await createEscalationRoute(
      t.db,
      sam,
      route({
        name: 'Police with identity',
        kind: 'ct_policing',
        packageContents: ['excerpt', 'identity_if_revealed'],
      }),
    );
  });

  it('sends only what the route lists, never the author', async () => {
    const { id } = await createTestSignal(t.db, {
      text: 'A post naming a venue.',
      category: 'violence',
      districtSlugs: ['elmford'],
      author: 'f'.repeat(64),
    });
    const escId = await escalateSignal(t.db, sam, id, { routeId: board, reason: 'Pattern for the board.' });
    const esc = await getEscalation(t.db, escId);
    expect(esc?.package).toMatchObject({
      route: { id: board, name: 'Board', kind: 'partnership_board' },
      reason: 'Pattern for the board.',
      decidedBy: { id: sam.id, name: 'Sam Patel' },
      summary: { category: 'violence', districts: ['Elmford'] },
      counts: { copies: 1, sources: 1 },
    });
    expect(Object.keys(esc!.package).sort()).toEqual(
      ['counts', 'decidedAt', 'decidedBy', 'reason', 'route', 'signalId', 'summary'].sort(),
    );
    expect(JSON.stringify(esc!.package)).not.toContain('ffffffff');
  });

  it('takes an identity only with an approved, unexpired reveal of this author', async () => {
    const author = 'a'.repeat(64);
    const { id } = await createTestSignal(t.db, { text: 'Threat.', category: 'violence', author });
    const requested = newId('reveal');
    const approved = newId('reveal');
    await t.db.insert(identityReveals).values([
      { id: requested, pseudonym: author, requesterId: sam.id, purpose: 'referral', status: 'requested' },
      {
        id: approved,
        pseudonym: author,
        requesterId: sam.id,
        purpose: 'referral',
        status: 'approved',
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    ]);
    await expect(
      escalateSignal(t.db, sam, id, { routeId: police, reason: 'Imminent risk.', revealId: requested }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    // The refusal rolled everything back: the signal is still open.
    expect((await getSignalDetail(t.db, id))?.status).toBe('new');
    const escId = await escalateSignal(t.db, sam, id, {
      routeId: police,
      reason: 'Imminent risk.',
      revealId: approved,
    });
    const esc = await getEscalation(t.db, escId);
    expect(esc?.revealId).toBe(approved);
    expect(esc?.package.identity).toEqual({ revealId: approved, pseudonym: author });
  });

  it('moves sent → acknowledged → closed, audited, on the signal timeline, once only', async () => {
    const { id, itemId } = await createTestSignal(t.db, {
      text: 'Post to report.',
      category: 'extreme_right',
    });
    const escId = await escalateSignal(t.db, sam, id, {
      routeId: platform,
      reason: 'Breaks platform rules.',
    });
    await expect(closeEscalation(t.db, sam, escId, 'no')).rejects.toMatchObject({ code: 'invalid_input' });
    await acknowledgeEscalation(t.db, sam, escId, 'Ticket 4411');
    await expect(acknowledgeEscalation(t.db, sam, escId)).rejects.toMatchObject({ code: 'invalid_state' });
    await closeEscalation(t.db, sam, escId, 'Platform removed the post.');
    await expect(closeEscalation(t.db, sam, escId, 'Again, later.')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    const esc = await getEscalation(t.db, escId);
    expect(esc).toMatchObject({ status: 'closed', outcome: 'Platform removed the post.', overdue: false });
    expect(esc?.history.map((h) => h.action)).toEqual([
      'signal.escalated',
      'escalation.acknowledged',
      'escalation.closed',
    ]);
    const d = await getSignalDetail(t.db, id);
    const timeline = await signalTimeline(t.db, { id, itemId, clusterId: d!.cluster.id });
    expect(timeline.map((e) => e.action).slice(0, 3)).toEqual([
      'escalation.closed',
      'escalation.acknowledged',
      'signal.escalated',
    ]);
  });

  it('lists with filters, counts overdue and pages by keyset', async () => {
    const { id } = await createTestSignal(t.db, {
      text: 'Old report.',
      category: 'islamist',
      districtSlugs: ['saltmere'],
    });
    const escId = await escalateSignal(t.db, sam, id, { routeId: platform, reason: 'Old report pending.' });
    // Sent two hours ago on a one-hour route: overdue.
    await t.db
      .update(escalations)
      .set({ sentAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(eq(escalations.id, escId));
    const overdue = await listEscalations(t.db, { status: 'overdue' });
    expect(overdue.rows.map((r) => r.id)).toEqual([escId]);
    expect(overdue.rows[0]).toMatchObject({ overdue: true, districts: ['Saltmere'] });
    const counts = await countEscalations(t.db, { routeId: platform });
    expect(counts).toMatchObject({ overdue: 1, closed: 1, sent: 1 });
    expect((await listEscalations(t.db, { districtId: saltmere })).rows.map((r) => r.id)).toEqual([escId]);
    const first = await listEscalations(t.db, {}, null, 2);
    const second = await listEscalations(t.db, {}, first.next, 2);
    const all = await listEscalations(t.db, {});
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.rows.slice(0, 4).map((r) => r.id));
  });

  it('picks platform reports for re-checking and records removal once', async () => {
    const now = new Date();
    const due = await escalationsDueForRecheck(t.db, {
      batchSize: 50,
      minIntervalMinutes: 60,
      maxAgeDays: 30,
      now,
    });
    expect(due.length).toBe(2);
    const [a] = due;
    expect(await recordContentCheck(t.db, a!.id, 'online', now, 'HTTP 200')).toBe('online');
    expect(await recordContentCheck(t.db, a!.id, null, now, 'HTTP 503')).toBe('unchanged');
    // Checked just now: not due again within the interval.
    const again = await escalationsDueForRecheck(t.db, {
      batchSize: 50,
      minIntervalMinutes: 60,
      maxAgeDays: 30,
      now,
    });
    expect(again.map((r) => r.id)).not.toContain(a!.id);
    const later = new Date(now.getTime() + 2 * 3_600_000);
    expect(await recordContentCheck(t.db, a!.id, 'removed', later, 'HTTP 410')).toBe('removed');
    const esc = await getEscalation(t.db, a!.id);
    expect(esc).toMatchObject({ contentStatus: 'removed', removedAt: later, lastCheckedAt: later });
    expect(esc?.history.at(-1)).toMatchObject({
      action: 'escalation.content_removed',
      actorLabel: 'system',
      change: { lastSeenOnlineAt: now.toISOString() },
    });
    const after = await escalationsDueForRecheck(t.db, {
      batchSize: 50,
      minIntervalMinutes: 0,
      maxAgeDays: 30,
      now: later,
    });
    expect(after.map((r) => r.id)).not.toContain(a!.id);
  });
});

describe('exports', () => {
  it('streams filtered signals in keyset pages with content links and no author data', async () => {
    for (let i = 0; i < 7; i++)
      await createTestSignal(t.db, { text: `Export post ${i}`, category: 'conspiracy', score: 40 + (i % 2) });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof exportSignalsPage>> = await exportSignalsPage(
        t.db,
        { status: 'new', category: 'conspiracy' },
        cursor,
        3,
      );
      seen.push(...page.rows.map((r) => r.id));
      for (const r of page.rows) {
        expect(r.contentUrl).toMatch(/^https:\/\/social\.example\.org\//);
        expect(Object.keys(r).join(' ')).not.toMatch(/author|pseudonym|text|excerpt/i);
      }
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });

  it('exports escalations under the same filters', async () => {
    const page = await exportEscalationsPage(t.db, { districtId: saltmere }, null);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ districts: ['Saltmere'], routeName: 'Platform report' });
    const [item] = await t.db.select({ url: items.url }).from(items).limit(1);
    expect(item?.url).toBeTruthy();
  });
});
