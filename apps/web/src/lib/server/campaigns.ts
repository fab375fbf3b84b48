import {
  isDomainError,
  londonInstant,
  isDay,
  isTime,
  reminderDelayMs,
  reminderJobId,
  REMINDER_CHOICES,
} from '@counterpoint/core';
import type { ActivityInput, CampaignActor, CampaignInput, ReminderPlan } from '@counterpoint/db';
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { jobPort } from './jobs.js';

/** The signed-in person as the campaign rules see them (the hook guarantees a session). */
export function campaignActor(locals: App.Locals): CampaignActor {
  const user = locals.user;
  if (!user) error(401, 'Please sign in.');
  return { id: user.id, label: user.email, role: user.role };
}

/** A domain refusal becomes a form failure with its own words; anything else is a real error. */
export function refusal(
  e: unknown,
  extra: Record<string, unknown> = {},
): ActionFailure<Record<string, unknown>> {
  if (isDomainError(e)) {
    const status =
      e.code === 'not_found'
        ? 404
        : e.code === 'forbidden' || e.code === 'four_eyes'
          ? 403
          : e.code === 'conflict'
            ? 409
            : 400;
    return fail(status, { message: e.message, ...extra });
  }
  throw e;
}

/**
 * Puts the reminder for an activity on the queue (after its transaction committed). The job id
 * names the start, so a move enqueues a new job and the old one finds nothing to do. A queue that
 * cannot be reached does not undo the saved activity: the failure is logged.
 */
export async function scheduleReminder(plan: ReminderPlan, now = new Date()): Promise<void> {
  if (plan.minutesBefore === null || plan.status !== 'planned') return;
  const delayMs = reminderDelayMs(plan.startsAt, plan.minutesBefore, now);
  if (delayMs === null) return;
  try {
    await jobPort().enqueue(
      'campaign-reminder',
      {
        activityId: plan.activityId,
        startsAt: plan.startsAt.toISOString(),
        minutesBefore: plan.minutesBefore,
      },
      { jobId: reminderJobId(plan.activityId, plan.startsAt, plan.minutesBefore), delayMs },
    );
  } catch (e) {
    console.error(`Could not schedule the reminder for activity ${plan.activityId}`, e);
  }
}

/** A text field's value, trimmed; '' when missing or a file. */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
}

const str = field;
const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export const STANDARD_CHANNELS = [
  'Community meetings',
  'Council social media',
  'Local radio',
  'Local press',
  'Schools newsletter',
  'Posters and leaflets',
  'Partner channels',
  'E-mail newsletter',
] as const;

export type CampaignFormValues = Record<
  | 'title'
  | 'objective'
  | 'audiences'
  | 'keyMessages'
  | 'assets'
  | 'ownerId'
  | 'startsOn'
  | 'endsOn'
  | 'otherChannels',
  string
> & {
  channels: string[];
  narrativeIds: string[];
  districtIds: string[];
  organisationIds: string[];
  contactIds: string[];
};

export type CampaignFormErrors = Partial<Record<keyof CampaignFormValues, string>>;

export function readCampaignForm(form: FormData): CampaignFormValues {
  const all = (name: string) => form.getAll(name).map(String).filter(Boolean);
  return {
    title: str(form, 'title'),
    objective: str(form, 'objective'),
    audiences: str(form, 'audiences'),
    keyMessages: str(form, 'keyMessages'),
    assets: str(form, 'assets'),
    ownerId: str(form, 'ownerId'),
    startsOn: str(form, 'startsOn'),
    endsOn: str(form, 'endsOn'),
    otherChannels: str(form, 'otherChannels'),
    channels: all('channels'),
    narrativeIds: all('narrativeIds'),
    districtIds: all('districtIds'),
    organisationIds: all('organisationIds'),
    contactIds: all('contactIds'),
  };
}

/** Assets are written one a line as "Label | https://…" (or just the link). */
function parseAssets(text: string): { assets: CampaignInput['assets']; error?: string } {
  const assets: CampaignInput['assets'] = [];
  for (const line of lines(text)) {
    const [a, b] = line.includes('|') ? line.split('|', 2).map((s) => s.trim()) : ['', line];
    const url = b ?? '';
    let ok = false;
    try {
      const u = new URL(url);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) return { assets, error: `“${line}” is not a link (write "Label | https://…").` };
    assets.push({ label: a || url, url });
  }
  return { assets };
}

export function parseCampaignForm(
  v: CampaignFormValues,
): { ok: true; input: CampaignInput } | { ok: false; errors: CampaignFormErrors } {
  const errors: CampaignFormErrors = {};
  if (!v.title) errors.title = 'Give the campaign a title.';
  else if (v.title.length > 200) errors.title = 'Keep the title under 200 characters.';
  if (v.objective.length > 4000) errors.objective = 'Keep the objective under 4,000 characters.';
  if (v.startsOn && !isDay(v.startsOn)) errors.startsOn = 'Enter a date.';
  if (v.endsOn && !isDay(v.endsOn)) errors.endsOn = 'Enter a date.';
  if (!errors.startsOn && !errors.endsOn && v.startsOn && v.endsOn && v.endsOn < v.startsOn)
    errors.endsOn = 'The end must be on or after the start.';
  const { assets, error: assetError } = parseAssets(v.assets);
  if (assetError) errors.assets = assetError;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      title: v.title,
      objective: v.objective,
      audiences: lines(v.audiences),
      channels: [...new Set([...v.channels, ...lines(v.otherChannels)])],
      keyMessages: lines(v.keyMessages),
      assets,
      ownerId: v.ownerId || null,
      startsOn: v.startsOn || null,
      endsOn: v.endsOn || null,
      narrativeIds: v.narrativeIds,
      districtIds: v.districtIds,
      organisationIds: v.organisationIds,
      contactIds: v.contactIds,
    },
  };
}

export function campaignFormValues(c: {
  title: string;
  objective: string;
  audiences: string[];
  channels: string[];
  keyMessages: string[];
  assets: Array<{ label: string; url: string }>;
  ownerId: string | null;
  startsOn: string | null;
  endsOn: string | null;
  narratives: Array<{ id: string }>;
  districts: Array<{ id: string }>;
  organisations: Array<{ id: string }>;
  contacts: Array<{ id: string }>;
}): CampaignFormValues {
  const standard = new Set<string>(STANDARD_CHANNELS);
  return {
    title: c.title,
    objective: c.objective,
    audiences: c.audiences.join('\n'),
    keyMessages: c.keyMessages.join('\n'),
    assets: c.assets.map((a) => `${a.label} | ${a.url}`).join('\n'),
    ownerId: c.ownerId ?? '',
    startsOn: c.startsOn ?? '',
    endsOn: c.endsOn ?? '',
    channels: c.channels.filter((x) => standard.has(x)),
    otherChannels: c.channels.filter((x) => !standard.has(x)).join('\n'),
    narrativeIds: c.narratives.map((x) => x.id),
    districtIds: c.districts.map((x) => x.id),
    organisationIds: c.organisations.map((x) => x.id),
    contactIds: c.contacts.map((x) => x.id),
  };
}

/** The activity form: a London day and time, a length, a reminder. */
export function parseActivityForm(
  form: FormData,
): { ok: true; input: ActivityInput } | { ok: false; message: string } {
  const title = str(form, 'title');
  const day = str(form, 'day');
  const time = str(form, 'time') || '10:00';
  const minutes = Number(str(form, 'durationMinutes') || '60');
  const reminder = str(form, 'reminder');
  if (!title) return { ok: false, message: 'Give the activity a title.' };
  if (!isDay(day)) return { ok: false, message: 'Choose the day of the activity.' };
  if (!isTime(time)) return { ok: false, message: 'Enter the time as HH:MM.' };
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 7 * 24 * 60)
    return { ok: false, message: 'Choose how long it lasts.' };
  const reminderMinutes = reminder ? Number(reminder) : null;
  if (reminderMinutes !== null && !REMINDER_CHOICES.some((c) => c.minutes === reminderMinutes))
    return { ok: false, message: 'Choose one of the reminder times offered.' };
  const startsAt = londonInstant(day, time);
  return {
    ok: true,
    input: {
      title,
      channel: str(form, 'channel') || null,
      districtId: str(form, 'districtId') || null,
      startsAt,
      endsAt: minutes > 0 ? new Date(startsAt.getTime() + minutes * 60_000) : null,
      ownerId: str(form, 'ownerId') || null,
      reminderMinutesBefore: reminderMinutes,
    },
  };
}
