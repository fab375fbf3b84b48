import { londonInstant, newId } from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { campaignActivities, campaignMessages } from '../schema/campaigns.js';
import { tasks } from '../schema/contacts.js';
import { districts } from '../schema/geography.js';
import { feedTokens, narratives, narrativeSignals } from '../schema/narratives.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  calendarFeedActivities,
  createCalendarFeed,
  hashFeedToken,
  resolveCalendarFeed,
  revokeCalendarFeed,
} from './calendar-feeds.js';
import { createActivity, recordActivityOutcome, rescheduleActivity } from './campaign-activities.js';
import { actOnMessage, draftMessage } from './campaign-messages.js';
import { campaignOutcomes, narrativeVolumes } from './campaign-outcomes.js';
import { raiseActivityReminder } from './campaign-reminders.js';
import {
  changeCampaignStatus,
  createCampaign,
  getCampaign,
  type CampaignActor,
  type CampaignInput,
} from './campaigns.js';
import { createTestSignal } from './signals-testing.js';
import { createUser } from './users.js';

let t: TestDatabase;
let chris: CampaignActor;
let sam: CampaignActor;
let pat: CampaignActor;
let narrativeId: string;
let quietNarrativeId: string;
let saltmere: string;
let copperdown: string;

function input(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    title: 'Facts, not fear',
    objective: 'Calm the rumours about the seafront hotel',
    audiences: ['Residents'],
    channels: ['Local radio'],
    keyMessages: ['Here are the facts'],
    assets: [{ label: 'Facts sheet', url: 'https://example.org/facts' }],
    ownerId: chris.id,
    startsOn: '2026-10-01',
    endsOn: '2026-10-10',
    narrativeIds: [narrativeId, quietNarrativeId],
    districtIds: [saltmere],
    organisationIds: [],
    contactIds: [],
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const mk = async (email: string, name: string, role: CampaignActor['role']): Promise<CampaignActor> => {
    const u = await createUser(t.db, SYSTEM_ACTOR, {
      email,
      name,
      role,
      password: 'correct-horse-battery-staple',
    });
    return { id: u.id, label: u.email, role };
  };
  chris = await mk('chris@example.com', 'Chris', 'communications_officer');
  sam = await mk('sam@example.com', 'Sam', 'supervisor');
  pat = await mk('pat@example.com', 'Pat', 'supervisor');
  const county = newId('district');
  saltmere = newId('district');
  copperdown = newId('district');
  await t.db.insert(districts).values([
    { id: county, tier: 'county', slug: 'elmshire', name: 'Elmshire' },
    { id: saltmere, parentId: county, tier: 'district', slug: 'saltmere-coast', name: 'Saltmere Coast' },
    { id: copperdown, parentId: county, tier: 'district', slug: 'copperdown', name: 'Copperdown' },
  ]);
  narrativeId = newId('narrative');
  quietNarrativeId = newId('narrative');
  await t.db.insert(narratives).values([
    { id: narrativeId, title: 'Hotel rumours' },
    { id: quietNarrativeId, title: 'Quiet narrative' },
  ]);
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

describe('four-eyes approval of messages', () => {
  it('lets a supervisor approve a message someone else wrote, audited at each step', async () => {
    const campaignId = await createCampaign(t.db, chris, input());
    const id = await draftMessage(t.db, chris, campaignId, {
      body: 'Ask us anything.',
      channel: 'Local radio',
    });
    expect(await actOnMessage(t.db, chris, id, 'submit')).toBe('submitted');
    expect(await actOnMessage(t.db, sam, id, 'approve')).toBe('approved');
    const [row] = await t.db.select().from(campaignMessages).where(eq(campaignMessages.id, id));
    expect(row).toMatchObject({ status: 'approved', reviewerId: sam.id, authorId: chris.id });
    const trail = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, id));
    expect(trail.map((r) => r.action)).toEqual([
      'campaign_message.drafted',
      'campaign_message.submitted',
      'campaign_message.approved',
    ]);
  });

  it('refuses a supervisor approving their own message, and the table refuses it too', async () => {
    const campaignId = await createCampaign(t.db, sam, input({ ownerId: sam.id }));
    const id = await draftMessage(t.db, sam, campaignId, { body: 'My own words.', channel: null });
    await actOnMessage(t.db, sam, id, 'submit');
    await expect(actOnMessage(t.db, sam, id, 'approve')).rejects.toMatchObject({ code: 'four_eyes' });
    await expect(actOnMessage(t.db, sam, id, 'return', { comment: 'hmm' })).rejects.toMatchObject({
      code: 'four_eyes',
    });
    // Whatever code path writes it, PostgreSQL refuses a reviewer who is the author.
    await expect(
      t.db
        .update(campaignMessages)
        .set({ status: 'approved', reviewerId: sam.id, reviewedAt: new Date() })
        .where(eq(campaignMessages.id, id)),
    ).rejects.toThrow();
    await expect(
      t.db.update(campaignMessages).set({ status: 'approved' }).where(eq(campaignMessages.id, id)),
    ).rejects.toThrow();
    expect(await actOnMessage(t.db, pat, id, 'approve')).toBe('approved');
  });

  it('returns a message with a comment, lets the author edit and resubmit', async () => {
    const campaignId = await createCampaign(t.db, chris, input());
    const id = await draftMessage(t.db, chris, campaignId, { body: 'First try.', channel: null });
    await actOnMessage(t.db, chris, id, 'submit');
    await expect(
      actOnMessage(t.db, chris, id, 'edit', { edit: { body: 'x', channel: null } }),
    ).rejects.toMatchObject({
      code: 'invalid_state',
    });
    await actOnMessage(t.db, sam, id, 'return', { comment: 'Name the library.' });
    await actOnMessage(t.db, chris, id, 'edit', {
      edit: { body: 'Come to Saltmere Library.', channel: null },
    });
    expect(await actOnMessage(t.db, chris, id, 'submit')).toBe('submitted');
    const [row] = await t.db.select().from(campaignMessages).where(eq(campaignMessages.id, id));
    expect(row?.body).toBe('Come to Saltmere Library.');
  });
});

describe('campaign workflow', () => {
  it('moves through review to live; the owner cannot approve their own campaign', async () => {
    const campaignId = await createCampaign(t.db, sam, input({ ownerId: sam.id }));
    const m = await draftMessage(t.db, chris, campaignId, { body: 'Facts first.', channel: null });
    await actOnMessage(t.db, chris, m, 'submit');
    await changeCampaignStatus(t.db, sam, campaignId, 'in_review');
    await expect(changeCampaignStatus(t.db, pat, campaignId, 'approved')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    await actOnMessage(t.db, sam, m, 'approve');
    await expect(changeCampaignStatus(t.db, sam, campaignId, 'approved')).rejects.toMatchObject({
      code: 'four_eyes',
    });
    await changeCampaignStatus(t.db, pat, campaignId, 'approved');
    await changeCampaignStatus(t.db, chris, campaignId, 'live');
    expect((await getCampaign(t.db, campaignId))?.status).toBe('live');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe('activities, reminders and feeds', () => {
  it('replaces the reminder when an activity moves, and raises it once', async () => {
    const campaignId = await createCampaign(t.db, chris, input());
    const startsAt = londonInstant('2026-10-24', '10:00');
    const plan = await createActivity(t.db, chris, campaignId, {
      title: 'Drop-in',
      channel: 'Community meetings',
      districtId: saltmere,
      startsAt,
      endsAt: londonInstant('2026-10-24', '12:00'),
      ownerId: null,
      reminderMinutesBefore: 60,
    });
    const oldJob = { activityId: plan.activityId, startsAt: startsAt.toISOString(), minutesBefore: 60 };
    const moved = londonInstant('2026-10-31', '10:00');
    await expect(
      rescheduleActivity(t.db, chris, plan.activityId, {
        startsAt: moved,
        endsAt: null,
        expectedStartsAt: new Date(startsAt.getTime() + 1),
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await rescheduleActivity(t.db, chris, plan.activityId, {
      startsAt: moved,
      endsAt: null,
      expectedStartsAt: startsAt,
    });
    expect(await raiseActivityReminder(t.db, oldJob)).toBeNull();
    const newJob = { ...oldJob, startsAt: moved.toISOString() };
    const raised = await raiseActivityReminder(t.db, newJob);
    expect(raised?.recipient?.id).toBe(chris.id);
    expect(await raiseActivityReminder(t.db, newJob)).toBeNull();
    const open = await t.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.entityId, plan.activityId), eq(tasks.kind, 'campaign_reminder')));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ assigneeId: chris.id, dueOn: '2026-10-31' });
    const [row] = await t.db
      .select()
      .from(campaignActivities)
      .where(eq(campaignActivities.id, plan.activityId));
    expect(row?.reminderSentAt).not.toBeNull();
  });

  it('stores only the hash of a feed token; revoked tokens open nothing', async () => {
    const campaignId = await createCampaign(t.db, chris, input());
    const feed = await createCalendarFeed(t.db, chris, campaignId);
    const [stored] = await t.db.select().from(feedTokens).where(eq(feedTokens.id, feed.id));
    expect(stored?.tokenHash).toBe(hashFeedToken(feed.token));
    expect(JSON.stringify(stored)).not.toContain(feed.token);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, feed.id));
    expect(JSON.stringify(audit)).not.toContain(feed.token);
    const resolved = await resolveCalendarFeed(t.db, feed.token);
    expect(resolved).toMatchObject({ userId: chris.id, campaignId });
    expect(await resolveCalendarFeed(t.db, `${feed.token}x`)).toBeNull();
    await expect(revokeCalendarFeed(t.db, sam, feed.id)).rejects.toMatchObject({ code: 'not_found' });
    await revokeCalendarFeed(t.db, chris, feed.id);
    expect(await resolveCalendarFeed(t.db, feed.token)).toBeNull();
    const mine = await createCalendarFeed(t.db, chris, null);
    const activities = await calendarFeedActivities(t.db, (await resolveCalendarFeed(t.db, mine.token))!);
    expect(activities.length).toBeGreaterThan(0);
  });
});

describe('outcomes', () => {
  it('counts linked signals in the target districts in equal windows before and after', async () => {
    const at = (day: string) => londonInstant(day, '12:00');
    const make = async (day: string, slug: string, narrative = narrativeId) => {
      const s = await createTestSignal(t.db, {
        text: `hotel post ${day} ${slug}`,
        createdAt: at(day),
        districtSlugs: [slug],
      });
      await t.db.insert(narrativeSignals).values({ narrativeId: narrative, signalId: s.id });
    };
    // Campaign 1–10 October: before = 21–30 September, after = 11–20 October.
    for (const day of ['2026-09-21', '2026-09-25', '2026-09-30', '2026-09-30'])
      await make(day, 'saltmere-coast');
    await make('2026-09-20', 'saltmere-coast'); // a day too early
    await make('2026-10-05', 'saltmere-coast'); // during: in neither window
    await make('2026-10-11', 'saltmere-coast');
    await make('2026-10-21', 'saltmere-coast'); // a day too late
    await make('2026-09-26', 'copperdown'); // not a target district
    await make('2026-10-12', 'copperdown');
    // The first minute of 1 October in London is still 30 September in UTC: counts as during.
    const edge = await createTestSignal(t.db, {
      text: 'edge post',
      createdAt: londonInstant('2026-10-01', '00:30'),
      districtSlugs: ['saltmere-coast'],
    });
    await t.db.insert(narrativeSignals).values({ narrativeId, signalId: edge.id });

    const volumes = await narrativeVolumes(t.db, {
      narrativeIds: [narrativeId, quietNarrativeId],
      districtIds: [saltmere],
      before: { from: '2026-09-21', to: '2026-09-30' },
      after: { from: '2026-10-11', to: '2026-10-20' },
    });
    expect(volumes.get(narrativeId)).toEqual({ before: 4, after: 1 });
    expect(volumes.get(quietNarrativeId)).toEqual({ before: 0, after: 0 });
    const both = await narrativeVolumes(t.db, {
      narrativeIds: [narrativeId],
      districtIds: [saltmere, copperdown],
      before: { from: '2026-09-21', to: '2026-09-30' },
      after: { from: '2026-10-11', to: '2026-10-20' },
    });
    expect(both.get(narrativeId)).toEqual({ before: 5, after: 2 });

    const campaignId = await createCampaign(t.db, chris, input());
    const a = await createActivity(t.db, chris, campaignId, {
      title: 'Radio',
      channel: 'Local radio',
      districtId: saltmere,
      startsAt: at('2026-10-03'),
      endsAt: null,
      ownerId: null,
      reminderMinutesBefore: null,
    });
    await recordActivityOutcome(t.db, chris, a.activityId, {
      status: 'delivered',
      reach: 1200,
      engagement: 80,
    });
    await expect(
      recordActivityOutcome(t.db, chris, a.activityId, { status: 'planned', reach: 5, engagement: null }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const outcomes = await campaignOutcomes(t.db, campaignId, '2026-11-30');
    expect(outcomes?.activities).toMatchObject({ delivered: 1, reach: 1200, engagement: 80 });
    expect(outcomes?.narratives.find((n) => n.id === narrativeId)).toMatchObject({
      before: 4,
      after: 1,
      change: -3,
      percent: -75,
      direction: 'down',
    });
    // Three days after the end, both windows shrink to three days: 28–30 Sep against 11–13 Oct.
    const early = await campaignOutcomes(t.db, campaignId, '2026-10-14');
    expect(early?.narratives.find((n) => n.id === narrativeId)).toMatchObject({ before: 2, after: 1 });
  });
});
