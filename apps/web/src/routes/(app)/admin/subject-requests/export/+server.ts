import { isDomainError } from '@counterpoint/core';
import { exportContact } from '@counterpoint/db';
import { error } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import type { RequestHandler } from './$types';

/**
 * Everything held about one contact as a JSON download, for a subject access request. Each export
 * is recorded in the audit trail. Permission: subjects:manage.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const id = url.searchParams.get('contact') ?? '';
  if (!/^con_[0-9a-hjkmnp-tv-z]{26}$/.test(id)) error(400, 'Name a contact to export.');
  try {
    const doc = await exportContact(await database(), { id: locals.user!.id, label: locals.user!.email }, id);
    return new Response(JSON.stringify(doc, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="subject-access-${id}.json"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (e) {
    if (isDomainError(e) && e.code === 'not_found') error(404, e.message);
    throw e;
  }
};
