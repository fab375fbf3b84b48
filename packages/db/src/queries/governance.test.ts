import {
  newId,
  PLAN_ACTION_STATUS_CODES,
  RISK_LINK_TYPE_CODES,
  RISK_STATUS_CODES,
  SPACE_ACTION_KIND_CODES,
  SPACE_KIND_CODES,
  SPACE_RATING_CODES,
  SPACE_STATUS_CODES,
  type RiskInput,
  type SpaceInput,
} from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { districts } from '../schema/geography.js';
import { items } from '../schema/items.js';
import * as governance from '../schema/governance.js';
import { narratives } from '../schema/narratives.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { addNote } from './notes.js';
import { createPlanAction, listOverduePlanActions, updatePlanAction } from './plan-actions.js';
import { linkRisk, riskTimeline, risksLinkedTo, unlinkRisk } from './risk-links.js';
import { changeRiskStatus, createRisk, getRisk, listRisks, updateRisk, type RiskActor } from './risks.js';
import { createTestSignal } from './signals-testing.js';
import {
  createSpace,
  getSpace,
  linkEscalationToSpace,
  listSpaces,
  logSpaceAction,
  setSpaceNarrative,
  spacesForNarrative,
  updateSpace,
} from './spaces.js';
import { createUser } from './users.js';

let t: TestDatabase;
let sam: RiskActor;
let saltmere: string;
let narrativeId: string;
const TODAY = '2026-11-29';

function risk(overrides: Partial<RiskInput> = {}): RiskInput {
  return {
    title: 'Tension over hotel rumours',
    description: 'False claims online could lead to protests.',
    districtId: saltmere,
    likelihood: 4,
    impact: 4,
    ownerId: sam.id,
    reviewOn: '2026-12-20',
    ...overrides,
  };
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await t.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(auditLog.seq);
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const u = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'sam@example.com',
    name: 'Sam Supervisor',
    role: 'supervisor',
    password: 'correct-horse-battery-staple',
  });
  sam = { id: u.id, label: u.email };
  const county = newId('district');
  saltmere = newId('district');
  await t.db.insert(districts).values([
    { id: county, tier: 'county', slug: 'elmshire', name: 'Elmshire' },
    { id: saltmere, parentId: county, tier: 'district', slug: 'saltmere-coast', name: 'Saltmere Coast' },
  ]);
  narrativeId = newId('narrative');
  await t.db.insert(narratives).values({ id: narrativeId, title: 'Hotel rumours' });
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

describe('code lists', () => {
  it('match the database CHECK lists', () => {
    expect(governance.RISK_STATUSES).toEqual(RISK_STATUS_CODES);
    expect(governance.PLAN_ACTION_STATUSES).toEqual(PLAN_ACTION_STATUS_CODES);
    expect(governance.RISK_LINK_TYPES).toEqual(RISK_LINK_TYPE_CODES);
    expect(governance.SPACE_KINDS).toEqual(SPACE_KIND_CODES);
    expect(governance.RISK_RATINGS).toEqual(SPACE_RATING_CODES);
    expect(governance.SPACE_STATUSES).toEqual(SPACE_STATUS_CODES);
    expect(governance.SPACE_ACTION_KINDS).toEqual(SPACE_ACTION_KIND_CODES);
  });
});

describe('risk register', () => {
  it('creates, edits and re-rates a risk, auditing only what changed', async () => {
    const id = await createRisk(t.db, sam, risk());
    await updateRisk(t.db, sam, id, risk({ likelihood: 5, impact: 5 }));
    const detail = await getRisk(t.db, id);
    expect(detail).toMatchObject({
      likelihood: 5,
      impact: 5,
      district: 'Saltmere Coast',
      owner: 'Sam Supervisor',
    });
    expect(await auditActions(id)).toEqual(['risk.created', 'risk.updated']);
    const [updated] = await t.db
      .select({ change: auditLog.change })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'risk.updated')));
    expect(updated!.change).toEqual({
      from: { likelihood: 4, impact: 4 },
      to: { likelihood: 5, impact: 5 },
      rating: { from: 'very_high', to: 'very_high' },
    });
  });

  it('refuses a district that does not exist with a plain message', async () => {
    await expect(createRisk(t.db, sam, risk({ districtId: 'district_nope' }))).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('lists by district or county-wide and counts overdue actions by the London day', async () => {
    const county = await createRisk(
      t.db,
      sam,
      risk({ title: 'County-wide gaming spaces', districtId: null }),
    );
    await createPlanAction(t.db, sam, county, {
      title: 'Brief safeguarding leads',
      ownerId: sam.id,
      dueOn: '2026-11-28',
      status: 'not_started',
    });
    await createPlanAction(t.db, sam, county, {
      title: 'Due today, not late',
      ownerId: null,
      dueOn: TODAY,
      status: 'in_progress',
    });
    await createPlanAction(t.db, sam, county, {
      title: 'Late but finished',
      ownerId: null,
      dueOn: '2026-10-01',
      status: 'done',
    });
    const countyRows = await listRisks(t.db, { district: 'county' }, TODAY);
    expect(countyRows.map((r) => r.title)).toEqual(['County-wide gaming spaces']);
    expect(countyRows[0]).toMatchObject({ actions: 3, openActions: 2, overdueActions: 1, district: null });
    const districtRows = await listRisks(t.db, { district: saltmere }, TODAY);
    expect(districtRows.every((r) => r.districtId === saltmere)).toBe(true);
    const overdue = await listOverduePlanActions(t.db, TODAY);
    expect(overdue.map((a) => a.title)).toEqual(['Brief safeguarding leads']);
  });

  it('moves plan actions and the risk through their statuses under the rules', async () => {
    const id = await createRisk(t.db, sam, risk({ title: 'Leafleting near the mosque' }));
    await expect(changeRiskStatus(t.db, sam, id, 'treating')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    const actionId = await createPlanAction(t.db, sam, id, {
      title: 'Talk to the market manager',
      ownerId: sam.id,
      dueOn: '2026-12-10',
      status: 'not_started',
    });
    await changeRiskStatus(t.db, sam, id, 'treating');
    await expect(changeRiskStatus(t.db, sam, id, 'closed')).rejects.toThrow(/open plan actions/);
    await updatePlanAction(t.db, sam, id, actionId, { status: 'done' });
    await expect(updatePlanAction(t.db, sam, id, actionId, { status: 'cancelled' })).rejects.toMatchObject({
      code: 'invalid_state',
    });
    await expect(
      updatePlanAction(t.db, sam, 'risk_other', actionId, { status: 'in_progress' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await changeRiskStatus(t.db, sam, id, 'closed', 'Leafleting stopped');
    await expect(
      createPlanAction(t.db, sam, id, {
        title: 'Too late',
        ownerId: null,
        dueOn: TODAY,
        status: 'not_started',
      }),
    ).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await listRisks(t.db, {}, TODAY)).some((r) => r.id === id)).toBe(false);
    expect((await listRisks(t.db, { status: 'closed' }, TODAY)).map((r) => r.id)).toEqual([id]);
    expect(await auditActions(id)).toEqual(['risk.created', 'risk.status_changed', 'risk.status_changed']);
    expect(await auditActions(actionId)).toEqual(['plan_action.created', 'plan_action.updated']);
    await addNote(t.db, sam, { type: 'risk', id }, 'Reviewed at the November board.');
    const timeline = await riskTimeline(t.db, id);
    expect(timeline.map((e) => e.action)).toEqual([
      'note.added',
      'risk.status_changed',
      'plan_action.updated',
      'risk.status_changed',
      'plan_action.created',
      'risk.created',
    ]);
    expect(timeline[0]!.actor).toBe('Sam Supervisor');
  });

  it('links and unlinks narratives, refusing unknown ones and doubles', async () => {
    const id = await createRisk(t.db, sam, risk({ title: 'Linked risk' }));
    await linkRisk(t.db, sam, id, 'narrative', narrativeId);
    await expect(linkRisk(t.db, sam, id, 'narrative', narrativeId)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(linkRisk(t.db, sam, id, 'campaign', 'campaign_nope')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await getRisk(t.db, id))!.narratives).toEqual([{ id: narrativeId, title: 'Hotel rumours' }]);
    expect((await risksLinkedTo(t.db, 'narrative', narrativeId)).map((r) => r.title)).toEqual([
      'Linked risk',
    ]);
    await unlinkRisk(t.db, sam, id, 'narrative', narrativeId);
    await expect(unlinkRisk(t.db, sam, id, 'narrative', narrativeId)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await auditActions(id)).toEqual(['risk.created', 'risk.linked', 'risk.unlinked']);
  });
});

describe('spaces register', () => {
  const online = (overrides: Partial<SpaceInput> = {}): SpaceInput => ({
    kind: 'online',
    name: 'Saltmere noticeboard group',
    platform: 'Public social media group',
    url: 'https://social.example.org/groups/saltmere',
    address: null,
    districtId: saltmere,
    riskRating: 'medium',
    status: 'active',
    sourceId: null,
    notes: '',
    ...overrides,
  });

  it('records a space, its narratives and its action log, audited', async () => {
    const id = await createSpace(t.db, sam, online());
    await updateSpace(t.db, sam, id, online({ riskRating: 'high', status: 'monitoring' }));
    await expect(updateSpace(t.db, sam, id, { ...online(), kind: 'offline' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await setSpaceNarrative(t.db, sam, id, narrativeId, true);
    await expect(setSpaceNarrative(t.db, sam, id, narrativeId, true)).rejects.toMatchObject({
      code: 'conflict',
    });
    const actionId = await logSpaceAction(t.db, sam, id, {
      kind: 'platform_report',
      note: 'Reported two posts.',
    });
    await expect(
      logSpaceAction(t.db, sam, id, { kind: 'venue_conversation', note: 'Wrong kind' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const space = await getSpace(t.db, id);
    expect(space).toMatchObject({ riskRating: 'high', status: 'monitoring', district: 'Saltmere Coast' });
    expect(space!.narratives.map((n) => n.title)).toEqual(['Hotel rumours']);
    expect(space!.actions).toMatchObject([{ kind: 'platform_report', by: 'Sam Supervisor' }]);
    expect((await spacesForNarrative(t.db, narrativeId)).map((s) => s.id)).toEqual([id]);
    const [row] = await listSpaces(t.db, { rating: 'high' });
    expect(row).toMatchObject({ id, narratives: ['Hotel rumours'], lastActionKind: 'platform_report' });
    expect(await auditActions(id)).toEqual(['space.created', 'space.updated', 'space.narrative_linked']);
    expect(await auditActions(actionId)).toEqual(['space_action.logged']);
  });

  it('offers escalations from the space’s source and links one, once', async () => {
    const signal = await createTestSignal(t.db, {
      text: 'Protest at the hotel, bring everyone',
      sourceName: 'Group feed',
    });
    // The test source the signal was collected through.
    const [source] = await t.db.select({ id: items.sourceId }).from(items).where(eq(items.id, signal.itemId));
    const routeId = newId('route');
    await t.db.insert(escalationRoutes).values({
      id: routeId,
      name: 'Police Prevent team',
      kind: 'ct_policing',
      contact: 'prevent@police.example',
      expectedResponseHours: 24,
    });
    const escalationId = newId('escalation');
    await t.db.insert(escalations).values({
      id: escalationId,
      signalId: signal.id,
      routeId,
      reason: 'Call to gather',
      decidedBy: sam.id,
      package: {},
    });
    const id = await createSpace(t.db, sam, online({ name: 'Group with a source', sourceId: source!.id }));
    const before = await getSpace(t.db, id);
    expect(before!.source?.name).toBe('Group feed');
    expect(before!.unlinkedEscalations.map((e) => e.id)).toEqual([escalationId]);
    await linkEscalationToSpace(t.db, sam, id, escalationId);
    await expect(linkEscalationToSpace(t.db, sam, id, escalationId)).rejects.toMatchObject({
      code: 'conflict',
    });
    const after = await getSpace(t.db, id);
    expect(after!.escalations.map((e) => e.route)).toEqual(['Police Prevent team']);
    expect(after!.unlinkedEscalations).toEqual([]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
