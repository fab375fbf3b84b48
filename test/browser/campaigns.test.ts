import ICAL from 'ical.js';
import { londonInstant } from '@counterpoint/core';
import { createActivity, createCampaign, listCampaigns, rowsOf, type CampaignActor } from '@counterpoint/db';
import { describe, expect, it } from 'vitest';
import { waitForHydration } from '../support/browser.js';
import { TEST_USERS } from '../support/web-server.js';
import { browserSuite } from '../support/browser-suite.js';

const suite = browserSuite({ viewport: { width: 1440, height: 900 } });
const { signIn, open } = suite;

async function userId(email: string): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await suite.server.db.db.execute(`select id from users where email = '${email}'`),
  );
  return row!.id;
}

/** The next month's 14th, so the activity is in the future and on next month's calendar page. */
function nextMonthDay(): { day: string; month: string } {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 14));
  const day = d.toISOString().slice(0, 10);
  return { day, month: day.slice(0, 7) };
}

describe('campaigns: four eyes, plan and calendar', () => {
  it('a communications officer drafts a campaign and a message, a supervisor approves it, and the activity is on the calendar', async () => {
    const { day } = nextMonthDay();
    const comms = await signIn('communications_officer');
    await open(comms, '/campaigns');
    await comms.getByRole('link', { name: 'New campaign' }).click();
    await comms.waitForURL(`${suite.server.url}/campaigns/new`);
    await waitForHydration(comms);
    await comms.getByLabel('Title').fill('Harbour Voices');
    await comms.getByLabel('Objective').fill('Answer the rumours about the harbour hostel with local facts.');
    await comms.getByLabel('Audiences').fill('Harbour residents\nLocal traders');
    await comms.getByLabel('Starts').fill(day);
    await comms.getByLabel('Ends').fill(day);
    await comms.getByRole('checkbox', { name: 'Local radio' }).check();
    await comms.getByLabel('Assets (links)').fill('Facts sheet | ftp://nope');
    await comms.getByRole('button', { name: 'Create draft campaign' }).click();
    await comms.getByText(/is not a link/).waitFor();
    await comms.getByLabel('Assets (links)').fill('Facts sheet | https://intranet.example.org/facts');
    await comms.getByRole('button', { name: 'Create draft campaign' }).click();
    await comms.waitForURL(/\/campaigns\/cmp_[a-z0-9]+\?created=1$/);
    await waitForHydration(comms);
    const campaignUrl = comms.url().replace(/\?.*$/, '');

    // An activity on the plan, 10:00 UK time.
    await comms.getByRole('button', { name: 'Add an activity' }).click();
    await comms.getByRole('textbox', { name: 'Activity', exact: true }).fill('Harbour drop-in session');
    await comms.getByLabel('Day').fill(day);
    await comms.getByLabel('Time (UK)').fill('10:00');
    await comms.getByRole('button', { name: 'Add to plan' }).click();
    await comms.getByText('Activity added to the plan and the calendar.').waitFor();
    expect(await comms.getByRole('table', { name: /Activities in date order/ }).innerText()).toContain(
      'Harbour drop-in session',
    );

    // A message: drafted, then submitted. Its author is never offered approval.
    await comms
      .getByLabel('New message')
      .fill('Questions about the harbour hostel? Come and ask us in person.');
    await comms.getByRole('button', { name: 'Save draft message' }).click();
    await comms.getByText(/Message saved as a draft/).waitFor();
    await comms.getByRole('button', { name: 'Submit for approval' }).click();
    await comms.getByText('Message sent for approval.').waitFor();
    expect(await comms.getByRole('button', { name: 'Approve message' }).count()).toBe(0);

    // The approve action refuses a communications officer even when posted directly.
    const direct = await comms.evaluate(async (url) => {
      const res = await fetch(`${url}?/approveMessage`, {
        method: 'POST',
        body: new URLSearchParams({ messageId: 'x' }),
        headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
      });
      return res.status;
    }, campaignUrl);
    expect(direct).toBe(403);
    await comms.close();
    await suite.browser.context.clearCookies();

    // The supervisor approves the message, then the campaign.
    const sup = await signIn('supervisor');
    await sup.goto(campaignUrl);
    await waitForHydration(sup);
    await sup.getByRole('button', { name: 'Approve message' }).click();
    await sup.getByText('Message approved.').waitFor();
    expect(await sup.getByText(`Approved by ${TEST_USERS.supervisor.name}`).count()).toBe(1);

    const [campaign] = await listCampaigns(suite.server.db.db);
    expect(campaign).toMatchObject({ title: 'Harbour Voices', status: 'draft' });
    const trail = rowsOf<{ action: string; actor_id: string }>(
      await suite.server.db.db.execute(
        `select action, actor_id from audit_log where entity_type = 'campaign_message' order by seq`,
      ),
    );
    expect(trail.map((r) => r.action)).toEqual([
      'campaign_message.drafted',
      'campaign_message.submitted',
      'campaign_message.approved',
    ]);
    expect(trail[2]?.actor_id).toBe(await userId(TEST_USERS.supervisor.email));

    // The activity appears on the calendar, in its month, at 10:00.
    await open(sup, `/campaigns/calendar?view=month&date=${day}`);
    const grid = sup.getByRole('grid');
    const chip = grid.getByRole('button', {
      name: /^10:00 to 11:00, Harbour drop-in session, Harbour Voices/,
    });
    await chip.waitFor();
    const cell = chip.locator('xpath=ancestor::*[@role="gridcell"]');
    expect(await cell.getAttribute('data-day')).toBe(day);
  });

  it('moves an activity by keyboard and by dragging, keeping its UK time', async () => {
    const p = await signIn('communications_officer');
    const owner = await userId(TEST_USERS.communications_officer.email);
    const actor: CampaignActor = {
      id: owner,
      label: TEST_USERS.communications_officer.email,
      role: 'communications_officer',
    };
    const campaignId = await createCampaign(suite.server.db.db, actor, {
      title: 'Clock change',
      objective: 'x',
      audiences: [],
      channels: ['Local radio'],
      keyMessages: [],
      assets: [],
      ownerId: owner,
      startsOn: '2027-10-01',
      endsOn: '2027-11-30',
      narrativeIds: [],
      districtIds: [],
      organisationIds: [],
      contactIds: [],
    });
    // Saturday 23 October 2027 is BST; the clocks go back on Sunday 31 October 2027.
    const plan = await createActivity(suite.server.db.db, actor, campaignId, {
      title: 'Radio phone-in',
      channel: 'Local radio',
      districtId: null,
      startsAt: londonInstant('2027-10-23', '10:00'),
      endsAt: londonInstant('2027-10-23', '11:00'),
      ownerId: null,
      reminderMinutesBefore: 60,
    });
    const startsAt = async () =>
      rowsOf<{ s: string }>(
        await suite.server.db.db.execute(
          `select to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as s from campaign_activities where id = '${plan.activityId}'`,
        ),
      )[0]!.s;

    await open(p, '/campaigns/calendar?view=month&date=2027-10-01');
    const chip = p.getByRole('button', { name: /Radio phone-in/ });
    await chip.focus();
    // Down a week: 23 → 30 October (still BST), then Enter.
    await p.keyboard.press('ArrowDown');
    expect(
      await p.getByRole('gridcell', { name: /^Saturday,? 30 October 2027/ }).getAttribute('class'),
    ).toContain('target');
    await p.keyboard.press('Enter');
    await p.getByText(/moved to Saturday 30 October at 10:00/).waitFor();
    expect(await startsAt()).toBe('2027-10-30T09:00');

    // Drag it by pointer onto Sunday 31 October, the day the clocks go back: still 10:00 in London,
    // now GMT, so 10:00Z.
    const moved = p.getByRole('button', { name: /Radio phone-in/ });
    const from = (await moved.boundingBox())!;
    const target = (await p.getByRole('gridcell', { name: /^Sunday,? 31 October 2027/ }).boundingBox())!;
    await p.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await p.mouse.down();
    await p.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
    await p.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await p.mouse.up();
    await p.getByText(/moved to Sunday 31 October at 10:00/).waitFor();
    expect(await startsAt()).toBe('2027-10-31T10:00');
    const audit = rowsOf<{ n: string }>(
      await suite.server.db.db.execute(
        `select count(*) as n from audit_log where action = 'campaign_activity.rescheduled' and entity_id = '${plan.activityId}'`,
      ),
    );
    expect(Number(audit[0]!.n)).toBe(2);
  });

  it('serves an RFC 5545 feed at a token address that a real iCalendar parser reads, in London time across the clock change', async () => {
    const owner = await userId(TEST_USERS.communications_officer.email);
    const actor: CampaignActor = {
      id: owner,
      label: TEST_USERS.communications_officer.email,
      role: 'communications_officer',
    };
    const campaignId = await createCampaign(suite.server.db.db, actor, {
      title: 'Autumn; facts, not fear',
      objective: 'x',
      audiences: [],
      channels: [],
      keyMessages: [],
      assets: [],
      ownerId: owner,
      startsOn: '2026-10-01',
      endsOn: '2026-11-30',
      narrativeIds: [],
      districtIds: [],
      organisationIds: [],
      contactIds: [],
    });
    const long =
      `Drop-in at Saltmere Library, with the council's community team — ${'ask anything, '.repeat(6)}`.trimEnd();
    for (const [day, title] of [
      ['2026-10-24', long],
      ['2026-10-31', 'Youth Hub workshop'],
    ] as const)
      await createActivity(suite.server.db.db, actor, campaignId, {
        title,
        channel: 'Community meetings',
        districtId: null,
        startsAt: londonInstant(day, '10:00'),
        endsAt: londonInstant(day, '12:00'),
        ownerId: null,
        reminderMinutesBefore: null,
      });

    const p = await signIn('communications_officer');
    await open(p, `/campaigns/feeds?campaign=${campaignId}`);
    await p.getByRole('button', { name: 'Create feed address' }).click();
    const address = p.getByRole('textbox', { name: 'Feed address' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/feeds\/calendar\/cal_[A-Za-z0-9_-]+\.ics$/);
    const token = url.slice(url.lastIndexOf('/') + 1, -'.ics'.length);
    const stored = rowsOf<{ token_hash: string }>(
      await suite.server.db.db.execute(
        `select token_hash from feed_tokens where campaign_id = '${campaignId}'`,
      ),
    );
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    // No session: the calendar app has only the address.
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const again = await (await fetch(url)).text();
    expect(again).toBe(text);

    // ICAL.parse returns a jCal array (typed loosely by ical.js).
    const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const tz = cal.getFirstSubcomponent('vtimezone');
    expect(tz?.getFirstPropertyValue('tzid')).toBe('Europe/London');
    ICAL.TimezoneService.register(tz!);
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual([long, 'Youth Hub workshop']);
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);
    for (const e of events) expect(e.uid).toMatch(/^activity-act_[a-z0-9]+@127\.0\.0\.1$/);
    // 10:00 local on both days; 09:00Z in BST (24 October), 10:00Z in GMT (31 October).
    expect(events.map((e) => `${e.startDate.toString()} ${e.startDate.zone.tzid}`)).toEqual([
      '2026-10-24T10:00:00 Europe/London',
      '2026-10-31T10:00:00 Europe/London',
    ]);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-10-24T09:00:00.000Z',
      '2026-10-31T10:00:00.000Z',
    ]);
    expect(events.map((e) => e.endDate.toJSDate().toISOString())).toEqual([
      '2026-10-24T11:00:00.000Z',
      '2026-10-31T12:00:00.000Z',
    ]);
    expect(events[0]!.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    // X-WR-CALNAME is written as TEXT (escaped); ical.js hands back unknown X- properties raw.
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Counterpoint: Autumn\\; facts\\, not fear');

    // Revoked on the page: the address stops working, with nothing to tell it apart from a wrong one.
    await p.getByRole('button', { name: 'Revoke' }).click();
    await p.getByText(/Feed revoked/).waitFor();
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url.replace(token, `${token.slice(0, -2)}xx`))).status).toBe(404);
  });
});
