import { alertSummary, alertTitle, categoryWords, renderAtom } from '@counterpoint/core';
import { alertFeedForToken } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { RequestHandler } from './$types';

/**
 * A person's alerts as Atom, for feed readers that cannot sign in. The route is public in
 * routes.ts; the token in the path is the credential (only its SHA-256 is stored). An unknown or
 * revoked token gets the same plain 404 as a missing page, so tokens cannot be probed.
 */
export const GET: RequestHandler = async ({ params, url }) => {
  const feed = await alertFeedForToken(await database(), params.token);
  if (!feed) {
    return new Response('Not found\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const origin = url.origin;
  const updatedOf = (a: (typeof feed.alerts)[number]) => a.acknowledgedAt ?? a.createdAt;
  const newest = feed.alerts.reduce<Date | null>((m, a) => (!m || updatedOf(a) > m ? updatedOf(a) : m), null);
  const body = renderAtom({
    id: `urn:counterpoint:alerts:${feed.userId}`,
    title: `Counterpoint alerts for ${feed.userName}`,
    subtitle: 'Spikes in daily volume by category and district. An alert is a prompt to look, not a finding.',
    // The request's own address, token included: it is what the reader subscribed to.
    selfUrl: `${origin}${url.pathname}`,
    alternateUrl: `${origin}/alerts`,
    authorName: 'Counterpoint',
    updated: newest ?? new Date(),
    entries: feed.alerts.map((a) => ({
      id: `urn:counterpoint:alert:${a.id}`,
      title: alertTitle(a) + (a.acknowledgedAt ? ' (acknowledged)' : ''),
      updated: updatedOf(a),
      published: a.createdAt,
      link: `${origin}/alerts?status=all`,
      summary: alertSummary(a),
      categories: [categoryWords(a.category), a.districtName ?? 'no district identified'],
    })),
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/atom+xml; charset=utf-8',
      // Private: the body is one person's; readers poll, so a few minutes' caching is fine.
      'cache-control': 'private, max-age=300',
      'x-robots-tag': 'noindex',
      'referrer-policy': 'no-referrer',
    },
  });
};
