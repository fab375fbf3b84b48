import { CONSENT_TASK_KIND, newId, parseEngagementInput } from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { contacts, tasks } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { completeTask, listOpenTasks, runConsentReview } from './consent-tasks.js';
import { addFollowUp, completeFollowUp, listMyFollowUps } from './follow-ups.js';
import { createEngagement, getEngagement, listEngagements } from './outreach.js';
import { recordTrainingSession, trainingUptake } from './training.js';
import { createUser } from './users.js';

const today = '2026-11-29';
let t: TestDatabase;
let erin: { id: string; label: string };
let omar: { id: string; label: string };
let elmford: string;
let saltmere: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const make = async (email: string, name: string) => {
    const u = await createUser(t.db, SYSTEM_ACTOR, {
      email,
      name,
      role: 'engagement_officer',
      password: 'correct-horse-battery-staple',
    });
    return { id: u.id, label: u.email };
  };
  erin = await make('erin@example.org', 'Erin');
  omar = await make('omar@example.org', 'Omar');
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

const consentTasks = () => t.db.select().from(tasks).where(eq(tasks.kind, CONSENT_TASK_KIND));

describe('consent expiry tasks', () => {
  it('raises one task per expiring or expired consent for the owner, and only once', async () => {
    const [soon, lapsed, later, erased] = [
      newId('contact'),
      newId('contact'),
      newId('contact'),
      newId('contact'),
    ];
    await t.db.insert(contacts).values([
      {
        id: soon,
        name: 'Soon',
        lawfulBasis: 'consent',
        consentGivenOn: '2024-12-20',
        consentExpiresOn: '2026-12-20',
        ownerId: erin.id,
      },
      {
        id: lapsed,
        name: 'Lapsed',
        lawfulBasis: 'consent',
        consentGivenOn: '2024-11-01',
        consentExpiresOn: '2026-11-01',
        ownerId: omar.id,
      },
      {
        id: later,
        name: 'Later',
        lawfulBasis: 'consent',
        consentGivenOn: '2026-01-01',
        consentExpiresOn: '2027-06-01',
        ownerId: erin.id,
      },
      { id: erased, name: '', lawfulBasis: 'consent', consentExpiresOn: '2026-12-01', erasedAt: new Date() },
    ]);
    expect(await runConsentReview(t.db, SYSTEM_ACTOR, today)).toEqual({ raised: 2, closed: 0 });
    const raised = await consentTasks();
    expect(raised.map((r) => [r.entityId, r.assigneeId, r.dueOn]).sort()).toEqual(
      [
        [soon, erin.id, '2026-12-20'],
        [lapsed, omar.id, '2026-11-01'],
      ].sort(),
    );
    // Again the same day, and the next day: nothing new.
    expect(await runConsentReview(t.db, SYSTEM_ACTOR, today)).toEqual({ raised: 0, closed: 0 });
    expect(await runConsentReview(t.db, SYSTEM_ACTOR, '2026-11-30')).toEqual({ raised: 0, closed: 0 });
    // Two runs at once still leave one open task each (the partial unique index).
    await Promise.all([
      runConsentReview(t.db, SYSTEM_ACTOR, today),
      runConsentReview(t.db, SYSTEM_ACTOR, today),
    ]);
    expect(await consentTasks()).toHaveLength(2);

    // Erin sees her task and marks it done; it does not come back for the same expiry.
    const [mine] = await listOpenTasks(t.db, erin.id);
    expect(mine!.title).toBe('Consent for Soon expires on 20 Dec 2026: renew it or stop contacting them');
    await expect(completeTask(t.db, omar, mine!.id)).rejects.toMatchObject({ code: 'forbidden' });
    await completeTask(t.db, erin, mine!.id);
    expect(await runConsentReview(t.db, SYSTEM_ACTOR, '2026-12-05')).toEqual({ raised: 0, closed: 0 });
    expect(await listOpenTasks(t.db, erin.id)).toEqual([]);

    // Omar renews Lapsed for two years: his open task is closed by the next run.
    await t.db
      .update(contacts)
      .set({ consentGivenOn: '2026-12-05', consentExpiresOn: '2028-12-05' })
      .where(eq(contacts.id, lapsed));
    expect(await runConsentReview(t.db, SYSTEM_ACTOR, '2026-12-05')).toEqual({ raised: 0, closed: 1 });
    expect(await listOpenTasks(t.db, omar.id)).toEqual([]);

    // Later comes within 30 days in May 2027.
    expect(await runConsentReview(t.db, SYSTEM_ACTOR, '2027-05-02')).toEqual({ raised: 1, closed: 0 });
    const open = await t.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.entityId, later)));
    expect(open).toHaveLength(1);
  });
});

describe('outreach log', () => {
  it('logs an engagement with links and follow-ups; "my follow-ups" puts overdue first', async () => {
    const parsed = parseEngagementInput(
      {
        fields: {
          kind: 'workshop',
          title: 'Online rumours workshop',
          occurredOn: '2026-11-20',
          districtId: saltmere,
          topics: 'misinformation, online safety',
          notes: 'Good turnout.',
          outcome: 'Staff confident to challenge rumours.',
        },
        organisationIds: [],
        contactIds: [],
        narrativeIds: [],
        campaignIds: [],
        followUps: [
          { description: 'Send slides', ownerId: erin.id, dueOn: '2026-12-10' },
          { description: 'Book the next session', ownerId: erin.id, dueOn: '2026-11-25' },
          { description: 'Tell the school', ownerId: omar.id, dueOn: '2026-11-22' },
        ],
      },
      today,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const id = await createEngagement(t.db, erin, parsed.value);
    const older = await createEngagement(t.db, erin, {
      ...parsed.value,
      title: 'Earlier call',
      kind: 'call',
      occurredOn: '2026-10-01',
      districtId: elmford,
      followUps: [],
    });
    await addFollowUp(t.db, erin, older, {
      description: 'Write up the call',
      ownerId: erin.id,
      dueOn: '2026-11-28',
    });
    await addFollowUp(t.db, erin, older, {
      description: 'Later task',
      ownerId: erin.id,
      dueOn: '2026-11-29',
    });
    await expect(
      addFollowUp(t.db, erin, older, { description: 'Too early', ownerId: erin.id, dueOn: '2026-09-01' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });

    const mine = await listMyFollowUps(t.db, erin.id, today);
    expect(mine.map((f) => f.description)).toEqual([
      'Book the next session',
      'Write up the call',
      'Later task',
      'Send slides',
    ]);
    expect(mine[0]!.engagementTitle).toBe('Online rumours workshop');

    await completeFollowUp(t.db, erin, mine[0]!.id);
    await expect(completeFollowUp(t.db, erin, mine[0]!.id)).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await listMyFollowUps(t.db, erin.id, today)).map((f) => f.description)).not.toContain(
      'Book the next session',
    );

    const detail = await getEngagement(t.db, id);
    expect(detail).toMatchObject({
      kind: 'workshop',
      district: 'Saltmere',
      topics: ['misinformation', 'online safety'],
      owner: 'Erin',
    });
    expect(detail!.followUps.map((f) => f.description)).toEqual([
      'Tell the school',
      'Send slides',
      'Book the next session',
    ]);

    expect((await listEngagements(t.db, {})).map((e) => e.title)).toEqual([
      'Online rumours workshop',
      'Earlier call',
    ]);
    expect((await listEngagements(t.db, { q: 'misinfo' })).map((e) => e.openFollowUps)).toEqual([2, 2]);
    expect((await listEngagements(t.db, { districtId: elmford })).map((e) => e.title)).toEqual([
      'Earlier call',
    ]);
  });

  it('refuses a link to something that does not exist', async () => {
    const parsed = parseEngagementInput(
      {
        fields: { kind: 'call', title: 'X', occurredOn: today },
        organisationIds: ['org_missing'],
        contactIds: [],
        narrativeIds: [],
        campaignIds: [],
        followUps: [],
      },
      today,
    );
    if (!parsed.ok) throw new Error('bad input');
    await expect(createEngagement(t.db, erin, parsed.value)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('training record', () => {
  it('sums uptake by sector and district with attendee-weighted feedback', async () => {
    const base = { module: 'Prevent awareness', trainer: null, notes: '' };
    await recordTrainingSession(t.db, erin, {
      ...base,
      deliveredOn: '2026-10-01',
      sector: 'education',
      districtId: elmford,
      attendees: 30,
      feedbackScore: 4.0,
    });
    await recordTrainingSession(t.db, erin, {
      ...base,
      deliveredOn: '2026-10-02',
      sector: 'education',
      districtId: saltmere,
      attendees: 10,
      feedbackScore: 5.0,
    });
    await recordTrainingSession(t.db, erin, {
      ...base,
      deliveredOn: '2026-10-03',
      sector: 'police',
      districtId: null,
      attendees: 12,
      feedbackScore: null,
    });
    const bySector = await trainingUptake(t.db, 'sector');
    expect(bySector).toEqual([
      { key: 'education', label: 'education', sessions: 2, attendees: 40, feedback: 4.3 },
      { key: 'police', label: 'police', sessions: 1, attendees: 12, feedback: null },
    ]);
    const byDistrict = await trainingUptake(t.db, 'district', { from: '2026-10-02' });
    expect(byDistrict.map((r) => [r.label, r.attendees])).toEqual([
      ['County-wide', 12],
      ['Saltmere', 10],
    ]);
  });
});
