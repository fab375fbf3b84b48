import {
  campaignEditable,
  campaignPlanOpen,
  campaignSteps,
  can,
  CAMPAIGN_STATUS_ORDER,
  londonDay,
  londonParts,
  messageActions,
  OUTCOME_CAVEAT,
  REMINDER_CHOICES,
  type CampaignStatus,
} from '@counterpoint/core';
import {
  actOnMessage,
  campaignFacts,
  campaignFormOptions,
  campaignOutcomes,
  changeCampaignStatus,
  createActivity,
  draftMessage,
  getCampaign,
  listCampaignActivities,
  listCampaignMessages,
  recordActivityOutcome,
} from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { campaignActor, field, parseActivityForm, refusal, scheduleReminder } from '$lib/server/campaigns.js';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
  const db = await database();
  const campaign = await getCampaign(db, params.id);
  if (!campaign) error(404, 'There is no such campaign.');
  const actor = campaignActor(locals);
  const [activities, messages, facts, outcomes, options] = await Promise.all([
    listCampaignActivities(db, campaign.id),
    listCampaignMessages(db, campaign.id),
    campaignFacts(db, campaign.id),
    campaignOutcomes(db, campaign.id, londonDay(new Date())),
    campaignFormOptions(db),
  ]);
  return {
    title: campaign.title,
    campaign,
    steps: facts ? campaignSteps(facts, actor) : [],
    activities: activities.map((a) => ({ ...a, local: londonParts(a.startsAt) })),
    messages: messages.map((m) => ({ ...m, actions: messageActions(m, actor) })),
    outcomes,
    caveat: OUTCOME_CAVEAT,
    canEdit: can(actor.role, 'campaigns:edit'),
    editable: campaignEditable(campaign.status),
    planOpen: campaignPlanOpen(campaign.status),
    activityOptions: {
      districts: campaign.districts.length ? campaign.districts : options.districts,
      channels: campaign.channels,
      owners: options.owners,
      reminders: REMINDER_CHOICES,
    },
    notice: url.searchParams.get('created')
      ? 'Campaign created as a draft.'
      : url.searchParams.get('saved')
        ? 'Changes saved.'
        : '',
  };
};

const str = field;
const count = (form: FormData, name: string): number | null | 'bad' => {
  const v = str(form, name).replace(/,/g, '');
  if (!v) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : 'bad';
};

async function step(locals: App.Locals, id: string, form: FormData) {
  const to = str(form, 'to') as CampaignStatus;
  if (!(CAMPAIGN_STATUS_ORDER as readonly string[]).includes(to))
    return fail(400, { message: 'Choose a step.' });
  const db = await database();
  try {
    const evaluation =
      to === 'evaluated'
        ? {
            summary: str(form, 'summary'),
            outcomes: await campaignOutcomes(db, id, londonDay(new Date())),
            at: new Date(),
          }
        : null;
    if (to === 'evaluated' && !evaluation?.summary)
      return fail(400, { message: 'Write what the campaign achieved before recording the evaluation.' });
    await changeCampaignStatus(db, campaignActor(locals), id, to, {
      comment: str(form, 'comment') || null,
      evaluation,
    });
  } catch (e) {
    return refusal(e);
  }
  return { ok: true, message: `Campaign is now ${to.replace('_', ' ')}.` };
}

async function onMessage(
  locals: App.Locals,
  form: FormData,
  action: 'edit' | 'submit' | 'approve' | 'return',
) {
  try {
    await actOnMessage(await database(), campaignActor(locals), str(form, 'messageId'), action, {
      comment: str(form, 'comment') || null,
      ...(action === 'edit'
        ? { edit: { body: str(form, 'body'), channel: str(form, 'channel') || null } }
        : {}),
    });
  } catch (e) {
    return refusal(e, { messageId: str(form, 'messageId') });
  }
  const words = {
    edit: 'Message saved.',
    submit: 'Message sent for approval.',
    approve: 'Message approved.',
    return: 'Message returned to its author with your comments.',
  };
  return { ok: true, message: words[action] };
}

// Page permission (campaigns:view) and each action's rule in routes.ts are checked by the hook;
// the workflow rules (who may take which step, four eyes) are checked again in core.
export const actions: Actions = {
  status: async ({ request, locals, params }) => step(locals, params.id, await request.formData()),
  review: async ({ request, locals, params }) => step(locals, params.id, await request.formData()),
  addActivity: async ({ request, locals, params }) => {
    const parsed = parseActivityForm(await request.formData());
    if (!parsed.ok) return fail(400, { message: parsed.message, activityForm: true });
    try {
      const plan = await createActivity(await database(), campaignActor(locals), params.id, parsed.input);
      await scheduleReminder(plan);
    } catch (e) {
      return refusal(e, { activityForm: true });
    }
    return { ok: true, message: 'Activity added to the plan and the calendar.' };
  },
  outcome: async ({ request, locals }) => {
    const form = await request.formData();
    const status = str(form, 'status');
    if (status !== 'planned' && status !== 'delivered' && status !== 'cancelled')
      return fail(400, { message: 'Choose what happened.' });
    const reach = count(form, 'reach');
    const engagement = count(form, 'engagement');
    if (reach === 'bad' || engagement === 'bad')
      return fail(400, { message: 'Reach and engagement are whole numbers of people.' });
    try {
      await recordActivityOutcome(await database(), campaignActor(locals), str(form, 'activityId'), {
        status,
        reach: status === 'delivered' ? reach : null,
        engagement: status === 'delivered' ? engagement : null,
      });
    } catch (e) {
      return refusal(e);
    }
    return { ok: true, message: 'Outcome recorded.' };
  },
  draftMessage: async ({ request, locals, params }) => {
    const form = await request.formData();
    try {
      await draftMessage(await database(), campaignActor(locals), params.id, {
        body: str(form, 'body'),
        channel: str(form, 'channel') || null,
      });
    } catch (e) {
      return refusal(e, { messageForm: true, body: str(form, 'body') });
    }
    return { ok: true, message: 'Message saved as a draft. Submit it when it is ready for approval.' };
  },
  editMessage: async ({ request, locals }) => onMessage(locals, await request.formData(), 'edit'),
  submitMessage: async ({ request, locals }) => onMessage(locals, await request.formData(), 'submit'),
  approveMessage: async ({ request, locals }) => onMessage(locals, await request.formData(), 'approve'),
  returnMessage: async ({ request, locals }) => onMessage(locals, await request.formData(), 'return'),
};
