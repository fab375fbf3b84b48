import { newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { appendAudit, SYSTEM_ACTOR } from '../audit.js';
import type { Db } from '../open.js';
import { campaignActivities, campaignDistricts, campaignNarratives, campaigns } from '../schema/campaigns.js';
import { escalationRoutes, escalations } from '../schema/escalations.js';
import { districts } from '../schema/geography.js';
import { planActions, risks } from '../schema/governance.js';
import { narrativeDistricts, narratives, narrativeSignals } from '../schema/narratives.js';
import { engagements, trainingSessions } from '../schema/outreach.js';
import { signals } from '../schema/triage.js';
import { createTestSignal } from './signals-testing.js';

/**
 * A small, hand-countable world for the board report's tests (db and browser): October 2026 in
 * the county of Elmshire with two districts, Elmford and Saltmere, and September as the previous
 * period. Every figure the report shows for it is worked out by hand in board-report.test.ts.
 * Not exported from the package index: import `@counterpoint/db/queries/board-report-testing`.
 *
 * Times sit on the Europe/London edges on purpose: 23:30Z on 30 September is 00:30 BST on
 * 1 October (in), 22:30Z on 30 September is 23:30 BST (previous period), 23:30Z on 31 October is
 * 23:30 GMT after the clocks went back (in), 00:30Z on 1 November is out.
 */

export const BOARD_FIXTURE = {
  from: '2026-10-01',
  to: '2026-10-31',
  previous: { from: '2026-09-01', to: '2026-09-30' },
  today: '2026-11-29',
} as const;

export interface BoardFixtureIds {
  county: string;
  elmford: string;
  saltmere: string;
}

const H = 3_600_000;

/** `ownerId` is a person's id: the risk and action owner, and who decided the escalations. */
export async function plantBoardFixture(db: Db, ownerId: string): Promise<BoardFixtureIds> {
  const county = newId('district');
  const elmford = newId('district');
  const saltmere = newId('district');
  await db.insert(districts).values([
    { id: county, tier: 'county', slug: 'elmshire', name: 'Elmshire' },
    { id: elmford, parentId: county, tier: 'district', slug: 'elmford', name: 'Elmford' },
    { id: saltmere, parentId: county, tier: 'district', slug: 'saltmere', name: 'Saltmere' },
  ]);

  const signal = async (
    at: string,
    category: string | null,
    districtSlugs: string[],
    reviewedAfterHours: number | null,
  ) => {
    const createdAt = new Date(at);
    const s = await createTestSignal(db, {
      text: `Board fixture post ${at} ${category ?? 'none'} ${districtSlugs.join(' ')}`,
      category,
      districtSlugs,
      createdAt,
    });
    if (reviewedAfterHours !== null)
      await db
        .update(signals)
        .set({ firstReviewedAt: new Date(createdAt.getTime() + reviewedAfterHours * H) })
        .where(eq(signals.id, s.id));
    return s.id;
  };
  // The period.
  const s1 = await signal('2026-09-30T23:30:00Z', 'extreme_right', ['elmford'], 2);
  const s2 = await signal('2026-10-05T10:00:00Z', 'extreme_right', ['elmford', 'saltmere'], 4);
  const s3 = await signal('2026-10-10T12:00:00Z', 'islamist', ['saltmere'], 10);
  await signal('2026-10-31T23:30:00Z', 'islamist', [], null);
  await signal('2026-10-20T09:00:00Z', null, ['saltmere'], 1);
  // Outside it: the day after, and the previous period.
  await signal('2026-11-01T00:30:00Z', 'extreme_right', ['elmford'], 1);
  const p1 = await signal('2026-09-10T10:00:00Z', 'extreme_right', ['elmford'], 6);
  const p2 = await signal('2026-09-15T10:00:00Z', 'islamist', ['saltmere'], 8);
  const p3 = await signal('2026-09-30T22:30:00Z', 'islamist', ['elmford'], 3);

  // Escalations.
  const routeA = newId('route');
  const routeB = newId('route');
  await db.insert(escalationRoutes).values([
    {
      id: routeA,
      name: 'Platform reports',
      kind: 'platform_report',
      contact: 'reports@platform.example',
      expectedResponseHours: 48,
    },
    {
      id: routeB,
      name: 'Counter Terrorism Policing',
      kind: 'ct_policing',
      contact: 'ctp@police.example',
      expectedResponseHours: 4,
    },
  ]);
  const escalation = (
    signalId: string,
    routeId: string,
    sentAt: string,
    status: 'sent' | 'acknowledged' | 'closed',
    contentStatus: 'online' | 'removed' | 'unknown' = 'unknown',
  ) => ({
    id: newId('escalation'),
    signalId,
    routeId,
    reason: 'Board fixture',
    decidedBy: ownerId,
    status,
    package: {},
    sentAt: new Date(sentAt),
    contentStatus,
  });
  await db
    .insert(escalations)
    .values([
      escalation(s1, routeA, '2026-10-02T09:00:00Z', 'closed', 'removed'),
      escalation(s2, routeA, '2026-10-06T09:00:00Z', 'acknowledged'),
      escalation(s3, routeB, '2026-10-11T09:00:00Z', 'sent'),
      escalation(p1, routeB, '2026-09-11T09:00:00Z', 'closed'),
    ]);

  // Narratives.
  const n1 = newId('narrative');
  const n2 = newId('narrative');
  const n3 = newId('narrative');
  const n4 = newId('narrative');
  await db.insert(narratives).values([
    { id: n1, title: 'Grooming gangs claim', status: 'active', createdAt: new Date('2026-08-01T10:00:00Z') },
    {
      id: n2,
      title: 'Mosque plans rumour',
      status: 'declining',
      createdAt: new Date('2026-08-01T10:00:00Z'),
    },
    { id: n3, title: 'New leaflets', status: 'emerging', createdAt: new Date('2026-10-15T10:00:00Z') },
    { id: n4, title: 'Old story', status: 'dormant', createdAt: new Date('2026-01-01T10:00:00Z') },
  ]);
  await db.insert(narrativeSignals).values([
    { narrativeId: n1, signalId: s1 },
    { narrativeId: n1, signalId: s2 },
    { narrativeId: n1, signalId: p1 },
    { narrativeId: n2, signalId: s3 },
    { narrativeId: n2, signalId: p2 },
    { narrativeId: n2, signalId: p3 },
  ]);
  await db.insert(narrativeDistricts).values({ narrativeId: n3, districtId: saltmere });

  // Campaigns and their activities.
  const c1 = newId('campaign');
  const c2 = newId('campaign');
  const c3 = newId('campaign');
  await db.insert(campaigns).values([
    { id: c1, title: 'Elmford voices', status: 'completed', startsOn: '2026-09-20', endsOn: '2026-10-10' },
    { id: c2, title: 'Saltmere schools', status: 'live' },
    { id: c3, title: 'Winter fair stall', status: 'approved', startsOn: '2026-11-01', endsOn: '2026-11-05' },
  ]);
  await db.insert(campaignNarratives).values({ campaignId: c1, narrativeId: n1 });
  await db.insert(campaignDistricts).values([
    { campaignId: c1, districtId: elmford },
    { campaignId: c2, districtId: saltmere },
  ]);
  const activity = (
    campaignId: string,
    startsAt: string,
    status: 'planned' | 'delivered' | 'cancelled',
    districtId: string | null,
    reach: number | null,
    engagement: number | null,
  ) => ({
    id: newId('activity'),
    campaignId,
    title: `Activity ${startsAt}`,
    startsAt: new Date(startsAt),
    status,
    districtId,
    reach,
    engagement,
  });
  await db
    .insert(campaignActivities)
    .values([
      activity(c1, '2026-10-03T10:00:00Z', 'delivered', elmford, 500, 40),
      activity(c1, '2026-10-08T10:00:00Z', 'delivered', null, null, 5),
      activity(c1, '2026-10-09T10:00:00Z', 'planned', elmford, null, null),
      activity(c1, '2026-09-25T10:00:00Z', 'delivered', elmford, 100, 10),
      activity(c2, '2026-10-12T10:00:00Z', 'delivered', saltmere, 200, 20),
      activity(c3, '2026-11-02T10:00:00Z', 'delivered', elmford, 50, 5),
    ]);

  // Outreach log and training record.
  const engagement = (
    kind: 'meeting' | 'workshop' | 'visit',
    occurredOn: string,
    districtId: string | null,
  ) => ({
    id: newId('engagement'),
    kind,
    title: `Engagement ${occurredOn}`,
    occurredOn,
    districtId,
  });
  await db
    .insert(engagements)
    .values([
      engagement('meeting', '2026-10-01', elmford),
      engagement('workshop', '2026-10-15', elmford),
      engagement('meeting', '2026-10-31', saltmere),
      engagement('meeting', '2026-10-20', null),
      engagement('meeting', '2026-11-01', elmford),
      engagement('visit', '2026-09-20', saltmere),
    ]);
  const training = (
    sector: 'police' | 'education' | 'health',
    deliveredOn: string,
    districtId: string,
    attendees: number,
    feedbackScore: string | null,
  ) => ({
    id: newId('training'),
    sector,
    deliveredOn,
    districtId,
    attendees,
    feedbackScore,
    module: 'Prevent awareness',
  });
  await db
    .insert(trainingSessions)
    .values([
      training('police', '2026-10-02', elmford, 20, '4.0'),
      training('police', '2026-10-20', saltmere, 10, '5.0'),
      training('education', '2026-10-25', saltmere, 30, null),
      training('health', '2026-09-05', elmford, 12, '3.0'),
    ]);

  // Risk register: one risk per district and one county-wide, with actions and audited changes.
  const r1 = newId('risk');
  const r2 = newId('risk');
  const r3 = newId('risk');
  await db.insert(risks).values([
    { id: r1, districtId: elmford, title: 'Online recruitment', likelihood: 4, impact: 4, ownerId },
    { id: r2, districtId: null, title: 'Community tension', likelihood: 3, impact: 4, ownerId },
    { id: r3, districtId: saltmere, title: 'Venue misuse', likelihood: 2, impact: 3, ownerId },
  ]);
  const action = (
    riskId: string,
    title: string,
    dueOn: string,
    status: 'not_started' | 'in_progress' | 'done' | 'cancelled',
  ) => ({ id: newId('planAction'), riskId, title, dueOn, status, ownerId });
  const pa = [
    action(r1, 'Report recruiting channels', '2026-11-10', 'in_progress'),
    action(r2, 'Convene faith leaders', '2026-10-01', 'not_started'),
    action(r3, 'Brief venue managers', '2026-11-28', 'done'),
    action(r3, 'Review hire agreements', '2026-11-29', 'not_started'),
    action(r3, 'Install signage', '2026-11-01', 'cancelled'),
    action(r3, 'Visit the community centre', '2026-10-20', 'not_started'),
  ];
  await db.insert(planActions).values(pa);
  const audit = (action: string, entityType: string, entityId: string, at: string) =>
    db.transaction((tx) =>
      appendAudit(tx, SYSTEM_ACTOR, { action, entityType, entityId, change: {} }, new Date(at)),
    );
  await audit('risk.created', 'risk', r1, '2026-10-03T10:00:00Z');
  await audit('risk.updated', 'risk', r1, '2026-10-20T10:00:00Z');
  await audit('plan_action.created', 'plan_action', pa[0]!.id, '2026-10-04T10:00:00Z');
  await audit('plan_action.updated', 'plan_action', pa[5]!.id, '2026-10-21T10:00:00Z');
  await audit('risk.created', 'risk', r3, '2026-09-15T10:00:00Z');
  await audit('risk.updated', 'risk', r2, '2026-11-02T10:00:00Z');
  await audit('risk.updated', 'risk', r2, '2026-10-31T23:30:00Z');

  return { county, elmford, saltmere };
}
