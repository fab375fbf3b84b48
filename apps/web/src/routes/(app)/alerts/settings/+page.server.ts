import { DomainError } from '@counterpoint/core';
import {
  activeAlertFeedToken,
  alertCategories,
  createAlertFeedToken,
  deleteSubscription,
  listDistricts,
  listSubscriptions,
  revokeAlertFeedToken,
  saveSubscription,
  type AlertChannel,
} from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field } from '../../signals/act.server.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = locals.user!;
  const db = await database();
  const [subscriptions, districts, categories, feed] = await Promise.all([
    listSubscriptions(db, user.id),
    listDistricts(db),
    alertCategories(db),
    activeAlertFeedToken(db, user.id),
  ]);
  const editId = url.searchParams.get('edit');
  return {
    title: 'Alert subscriptions',
    subscriptions,
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    categories,
    feed,
    editing: subscriptions.find((s) => s.id === editId) ?? null,
    email: user.email,
    feedBase: `${url.origin}/feeds/alerts/`,
  };
};

function subscriptionFrom(data: FormData) {
  const threshold = Number(field(data, 'threshold') || '3');
  const channel = field(data, 'channel') as AlertChannel;
  if (!Number.isFinite(threshold))
    throw new DomainError('invalid_input', 'The threshold must be a number such as 3.');
  return {
    category: field(data, 'category') || null,
    districtId: field(data, 'districtId') || null,
    channel,
    target:
      channel === 'email' ? field(data, 'email') : channel === 'webhook' ? field(data, 'webhook') : null,
    threshold,
    quietFrom: field(data, 'quietFrom') || null,
    quietUntil: field(data, 'quietUntil') || null,
    enabled: field(data, 'enabled') === 'on',
  };
}

export const actions: Actions = {
  save: async ({ request, locals }) => {
    const data = await request.formData();
    const id = field(data, 'id');
    return attempt('save', async () => {
      await saveSubscription(await database(), actorOf(locals), subscriptionFrom(data), id || undefined);
      return id ? 'Subscription updated.' : 'Subscription added.';
    });
  },
  remove: async ({ request, locals }) => {
    const data = await request.formData();
    return attempt('remove', async () => {
      await deleteSubscription(await database(), actorOf(locals), field(data, 'id'));
      return 'Subscription removed.';
    });
  },
  createFeed: async ({ locals }) => {
    const result = await attempt('createFeed', async () => {
      const { token } = await createAlertFeedToken(await database(), actorOf(locals));
      return token;
    });
    // The token is shown once, in this response only; it is never stored in the clear.
    if ('ok' in result)
      return {
        ok: true,
        action: 'createFeed',
        message: 'A new feed address was made.',
        token: result.message,
      };
    return result;
  },
  revokeFeed: async ({ locals }) =>
    attempt('revokeFeed', async () => {
      const had = await revokeAlertFeedToken(await database(), actorOf(locals));
      return had ? 'The feed address no longer works.' : 'There was no feed address to revoke.';
    }),
};
