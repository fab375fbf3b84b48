import { renderCalendar } from '@counterpoint/core';
import { calendarFeedActivities, getCampaign, resolveCalendarFeed } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { config } from '$lib/server/env.js';
import type { RequestHandler } from './$types';

/**
 * A calendar subscription. Public in routes.ts because calendar apps have no session: the token in
 * the address is the credential, checked here against its stored hash. An unknown, revoked or
 * orphaned token gets the same plain 404, so the address reveals nothing.
 */
export const GET: RequestHandler = async ({ params, url }) => {
  const db = await database();
  const feed = await resolveCalendarFeed(db, params.token);
  if (!feed)
    return new Response('No such calendar.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  const origin = config().ORIGIN ?? url.origin;
  const campaign = feed.campaignId ? await getCampaign(db, feed.campaignId) : null;
  if (feed.campaignId && !campaign) return new Response('No such calendar.', { status: 404 });
  const activities = await calendarFeedActivities(db, feed);
  const body = renderCalendar({
    name: campaign ? `Counterpoint: ${campaign.title}` : `Counterpoint: ${feed.userName}'s activities`,
    host: new URL(origin).hostname,
    events: activities.map((a) => ({
      id: a.id,
      title: a.title,
      description: `Campaign: ${a.campaignTitle}${a.channel ? `\nChannel: ${a.channel}` : ''}`,
      location: a.district,
      categories: a.channel ? [a.channel] : [],
      url: `${origin.replace(/\/$/, '')}/campaigns/${a.campaignId}`,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      status: a.status,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    })),
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="counterpoint.ics"',
      // Private: the address is a secret. Calendar apps poll; five minutes spares the database.
      'cache-control': 'private, max-age=300',
      'x-robots-tag': 'noindex',
    },
  });
};
