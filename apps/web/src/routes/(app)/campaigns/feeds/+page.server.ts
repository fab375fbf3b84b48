import { createCalendarFeed, listCalendarFeeds, listCampaigns, revokeCalendarFeed } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { campaignActor, field, refusal } from '$lib/server/campaigns.js';
import { database } from '$lib/server/db.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const db = await database();
  const [feeds, campaigns] = await Promise.all([listCalendarFeeds(db, locals.user!.id), listCampaigns(db)]);
  return {
    title: 'Calendar feeds',
    feeds,
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title })),
    preselect: url.searchParams.get('campaign') ?? '',
  };
};

// Anyone who may see campaigns may subscribe to them (campaigns:view, in routes.ts); a person
// creates and revokes only their own feeds.
export const actions: Actions = {
  create: async ({ request, locals, url }) => {
    const form = await request.formData();
    const campaignId = field(form, 'campaignId') || null;
    let created: { id: string; token: string };
    try {
      created = await createCalendarFeed(await database(), campaignActor(locals), campaignId);
    } catch (e) {
      return refusal(e);
    }
    // Shown once: only its hash is stored, so it cannot be shown again.
    return {
      ok: true,
      created: { id: created.id, url: `${url.origin}/feeds/calendar/${created.token}.ics` },
    };
  },
  revoke: async ({ request, locals }) => {
    const id = field(await request.formData(), 'id');
    if (!id) return fail(400, { message: 'Choose a feed to revoke.' });
    try {
      await revokeCalendarFeed(await database(), campaignActor(locals), id);
    } catch (e) {
      return refusal(e);
    }
    return { ok: true, message: 'Feed revoked. Calendars using it will stop updating.' };
  },
};
