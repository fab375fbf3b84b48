import { campaignReminderJob, londonInstant, newId, parseConfig, reminderJobId } from '@counterpoint/core';
import {
  createActivity,
  createCampaign,
  createUser,
  ensureReferenceData,
  rescheduleActivity,
  rowsOf,
  SYSTEM_ACTOR,
  type CampaignActor,
} from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { silentLogger } from '../logger.js';
import type { MailMessage, Mailer } from '../mail/mailer.js';
import { campaignReminderHandler, reminderEmail, runCampaignReminder } from './campaign-reminder.js';

let database: TestDatabase;
let chris: CampaignActor;

beforeAll(async () => {
  database = await createTestDatabase();
  await ensureReferenceData(database.db);
  const u = await createUser(database.db, SYSTEM_ACTOR, {
    email: 'chris@example.com',
    name: 'Chris Evans',
    role: 'communications_officer',
    password: 'correct-horse-battery-staple',
  });
  chris = { id: u.id, label: u.email, role: 'communications_officer' };
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

/** Records what would be sent: the SMTP transport itself is the shared mailer's own test. */
function capturingMailer(sent: MailMessage[]): Mailer {
  return {
    send(message) {
      sent.push(message);
      return Promise.resolve({ messageId: `m${sent.length}` });
    },
    close() {},
  };
}

it('raises a workbench task once through the queue; a reminder for the old start does nothing', async () => {
  const { runner, cleanup } = makeRunner('in-process', {
    // Only this job: the test does not depend on other jobs being complete.
    registry: buildRegistry([campaignReminderHandler], [campaignReminderJob]),
    db: database.db,
    // No SMTP_URL: the workbench task alone.
    config: parseConfig({ ORIGIN: 'https://cp.example.com' }),
  });
  await runner.start();
  try {
    const campaignId = await createCampaign(database.db, chris, {
      title: 'Facts, not fear',
      objective: 'Calm',
      audiences: [],
      channels: [],
      keyMessages: [],
      assets: [],
      ownerId: chris.id,
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      narrativeIds: [],
      districtIds: [],
      organisationIds: [],
      contactIds: [],
    });
    const first = londonInstant('2026-10-24', '10:00');
    const plan = await createActivity(database.db, chris, campaignId, {
      title: 'Drop-in at the library',
      channel: 'Community meetings',
      districtId: null,
      startsAt: first,
      endsAt: null,
      ownerId: null,
      reminderMinutesBefore: 60,
    });
    const moved = londonInstant('2026-10-31', '10:00');
    await rescheduleActivity(database.db, chris, plan.activityId, { startsAt: moved, endsAt: null });
    // Both the stale job (old start) and the current one run; only the current one may act.
    for (const startsAt of [first, moved])
      await runner.enqueue(
        'campaign-reminder',
        { activityId: plan.activityId, startsAt: startsAt.toISOString(), minutesBefore: 60 },
        { jobId: reminderJobId(plan.activityId, startsAt, 60), delayMs: 50 },
      );
    const tasks = async () =>
      rowsOf<{ assignee_id: string; due_on: string; title: string }>(
        await database.db.execute(
          `select assignee_id, due_on::text, title from tasks where kind = 'campaign_reminder' and entity_id = '${plan.activityId}'`,
        ),
      );
    await waitFor(async () => (await tasks()).length === 1, 10_000, 'the reminder task');
    await new Promise((r) => setTimeout(r, 300));
    expect(await tasks()).toEqual([
      {
        assignee_id: chris.id,
        due_on: '2026-10-31',
        title: 'Coming up: Drop-in at the library (Facts, not fear)',
      },
    ]);

    // The same reminder again (a retry, or a duplicate job) raises nothing and sends nothing.
    const sent: MailMessage[] = [];
    const deps = { mailer: capturingMailer(sent), origin: 'https://cp.example.com', logger: silentLogger() };
    const job = { activityId: plan.activityId, startsAt: moved.toISOString(), minutesBefore: 60 };
    expect(await runCampaignReminder(database.db, job, deps)).toEqual({ raised: false });
    expect(sent).toHaveLength(0);

    // Moved once more: a fresh reminder, this time e-mailed.
    const later = londonInstant('2026-11-07', '10:00');
    await rescheduleActivity(database.db, chris, plan.activityId, { startsAt: later, endsAt: null });
    const out = await runCampaignReminder(database.db, { ...job, startsAt: later.toISOString() }, deps);
    expect(out).toMatchObject({ raised: true, emailed: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe('chris@example.com');
    // 10:00 on 7 November 2026 is after the clock change: GMT, not BST.
    expect(sent[0]?.text).toContain('Saturday 7 November at 10:00 GMT');
    expect(sent[0]?.text).toContain(`https://cp.example.com/campaigns/${campaignId}`);
  } finally {
    await cleanup();
  }
});

it('writes no e-mail for a reminder nobody owns', () => {
  const mail = reminderEmail(
    {
      taskId: newId('task'),
      recipient: null,
      activity: {
        id: 'a',
        title: 't',
        startsAt: new Date(),
        endsAt: null,
        channel: null,
        district: null,
        campaignId: 'c',
        campaignTitle: 'c',
      },
    },
    undefined,
  );
  expect(mail).toBeNull();
});
