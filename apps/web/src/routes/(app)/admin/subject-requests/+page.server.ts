import { can, isDomainError, pseudonym } from '@counterpoint/core';
import {
  eraseContact,
  findContactsForRequest,
  heldContentForPseudonym,
  MIN_ERASURE_REASON,
} from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { captureSecrets } from '$lib/server/capture-secrets.js';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field } from '../../signals/act.server.js';
import type { Actions, PageServerLoad } from './$types';

// Permission (subjects:manage) was checked by the hook from routes.ts; the handle lookup also needs
// identity:approve (supervisors), checked by the action rule.
export const load: PageServerLoad = async ({ url, locals }) => {
  const q = (url.searchParams.get('q') ?? '').slice(0, 120);
  const contacts = q.trim().length >= 2 ? await findContactsForRequest(await database(), q) : [];
  return {
    title: 'Subject requests',
    q,
    searched: q.trim().length >= 2,
    contacts,
    canLookup: can(locals.user!.role, 'identity:approve'),
    minReason: MIN_ERASURE_REASON,
  };
};

const lookupInput = z.object({
  platform: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_-]{2,30}$/, 'Choose the platform the posts were on.'),
  handle: z
    .string()
    .trim()
    .min(2, 'Enter the handle the person gave, such as @name@instance.social.')
    .max(200, 'Keep the handle under 200 characters.'),
});

export const actions: Actions = {
  erase: async ({ locals, request }) => {
    const data = await request.formData();
    if (field(data, 'confirm') !== 'yes') {
      return fail(400, {
        action: 'erase',
        contactId: field(data, 'id'),
        message: 'Tick the box to confirm the erasure: it cannot be undone.',
        code: 'invalid_input',
      });
    }
    return attempt('erase', async () => {
      const removed = await eraseContact(
        await database(),
        actorOf(locals),
        field(data, 'id'),
        field(data, 'reason'),
      );
      const links = removed.engagementLinks + removed.campaignLinks;
      return `Erased. Personal details blanked; ${links} link${links === 1 ? '' : 's'}, ${removed.notes} note${
        removed.notes === 1 ? '' : 's'
      } and ${removed.tasks} task${removed.tasks === 1 ? '' : 's'} removed. The erasure is in the audit trail.`;
    });
  },
  lookup: async ({ locals, request }) => {
    const parsed = lookupInput.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) {
      const fe = z.flattenError(parsed.error).fieldErrors;
      return fail(400, {
        action: 'lookup',
        message: fe.platform?.[0] ?? fe.handle?.[0] ?? 'Check the fields.',
      });
    }
    let secret: string;
    try {
      secret = captureSecrets().pseudonymSecret;
    } catch (e) {
      if (isDomainError(e)) error(503, e.message);
      throw e;
    }
    const p = pseudonym(secret, parsed.data.platform, parsed.data.handle);
    const held = await heldContentForPseudonym(await database(), actorOf(locals), {
      platform: parsed.data.platform,
      pseudonym: p,
    });
    return { action: 'lookup', ok: true, platform: parsed.data.platform, pseudonym: p, held };
  },
};
