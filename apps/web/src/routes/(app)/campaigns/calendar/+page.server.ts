import {
  addDays,
  can,
  isDay,
  londonDay,
  londonInstant,
  londonParts,
  monthWeeks,
  moveActivity,
  startOfWeek,
} from '@counterpoint/core';
import {
  activityChannels,
  getActivity,
  listCalendarActivities,
  listDistricts,
  openActivityReminders,
  rescheduleActivity,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { campaignActor, field, refusal, scheduleReminder } from '$lib/server/campaigns.js';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

/** Which days the page shows: a month of Monday-first weeks, or one week. From the URL. */
function range(url: URL, today: string) {
  const view = url.searchParams.get('view') === 'week' ? 'week' : 'month';
  const at = url.searchParams.get('date');
  const anchor = at && isDay(at) ? at : today;
  const weeks =
    view === 'week'
      ? [Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i))]
      : monthWeeks(anchor.slice(0, 7));
  return { view, anchor, weeks } as const;
}

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const today = londonDay(new Date());
  const { view, anchor, weeks } = range(url, today);
  const first = weeks[0]![0]!;
  const last = weeks.at(-1)![6]!;
  const districtId = url.searchParams.get('district') || null;
  const channel = url.searchParams.get('channel') || null;
  const [rows, districts, channels, reminders] = await Promise.all([
    listCalendarActivities(db, {
      from: londonInstant(first, '00:00'),
      to: londonInstant(addDays(last, 1), '00:00'),
      districtId,
      channel,
    }),
    listDistricts(db),
    activityChannels(db),
    openActivityReminders(db, locals.user!.id),
  ]);
  return {
    title: 'Campaign calendar',
    view,
    anchor,
    today,
    weeks,
    filter: { district: districtId ?? '', channel: channel ?? '' },
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    channels,
    canEdit: can(locals.user!.role, 'campaigns:edit'),
    // Reminders the campaign-reminder job raised for this person (tasks), soonest first.
    reminders: reminders.map((r) => ({ ...r, startsAt: r.startsAt.toISOString() })),
    activities: rows.map((a) => {
      const start = londonParts(a.startsAt);
      return {
        id: a.id,
        title: a.title,
        campaignId: a.campaignId,
        campaignTitle: a.campaignTitle,
        channel: a.channel,
        district: a.district,
        status: a.status,
        day: start.day,
        time: start.time,
        endTime: a.endsAt ? londonParts(a.endsAt).time : null,
        startsAt: a.startsAt.toISOString(),
      };
    }),
  };
};

// Permission (campaigns:edit) for this action is in routes.ts; the hook checked it.
export const actions: Actions = {
  reschedule: async ({ request, locals }) => {
    const form = await request.formData();
    const id = field(form, 'id');
    const day = field(form, 'day');
    const time = field(form, 'time');
    const expected = field(form, 'expected');
    if (!isDay(day)) return fail(400, { message: 'Choose the new day.' });
    if (time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
      return fail(400, { message: 'Enter the time as HH:MM.' });
    const db = await database();
    const activity = await getActivity(db, id);
    if (!activity) return fail(404, { message: 'That activity no longer exists.' });
    const moved = moveActivity(activity.startsAt, activity.endsAt, day, time || undefined);
    const expectedAt = expected ? new Date(expected) : null;
    try {
      const plan = await rescheduleActivity(db, campaignActor(locals), id, {
        ...moved,
        expectedStartsAt: expectedAt && !Number.isNaN(expectedAt.getTime()) ? expectedAt : null,
      });
      await scheduleReminder(plan);
    } catch (e) {
      return refusal(e);
    }
    const p = londonParts(moved.startsAt);
    const words = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(moved.startsAt);
    return { ok: true, message: `“${activity.title}” moved to ${words} at ${p.time}.` };
  },
};
