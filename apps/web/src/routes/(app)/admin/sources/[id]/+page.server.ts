import { isDomainError } from '@counterpoint/core';
import { getSource, listApiKeys, listUsers, updateSource } from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { domainErrors, formOptions, parseSourceForm, readValues, valuesOf } from '../source-form.js';
import { sourceView } from '../source-view.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
  const db = await database();
  const source = await getSource(db, params.id);
  if (!source) error(404, 'There is no such source.');
  const [options, users, keys] = await Promise.all([
    formOptions(db),
    listUsers(db),
    source.kind === 'push' ? listApiKeys(db, { sourceId: source.id }) : Promise.resolve([]),
  ]);
  return {
    title: source.name,
    source: sourceView(source, new Map(users.map((u) => [u.id, u.name]))),
    values: valuesOf(source),
    apiKeys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
      expiresAt: k.expiresAt,
    })),
    added: url.searchParams.get('added') === '1',
    ...options,
  };
};

// Permission (sources:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const db = await database();
    const before = await getSource(db, params.id);
    if (!before) error(404, 'There is no such source.');
    const values = readValues(await request.formData(), before.kind);
    const parsed = parseSourceForm(values);
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The changes were not saved. Check the fields below.',
      });
    const { kind: _kind, ...patch } = parsed.source;
    const user = locals.user!;
    try {
      await updateSource(db, { id: user.id, label: user.email }, params.id, patch);
    } catch (e) {
      if (isDomainError(e) && e.code === 'not_found') error(404, 'There is no such source.');
      const errors = domainErrors(e);
      if (!errors) throw e;
      return fail(400, { values, errors, message: 'The changes were not saved.' });
    }
    return { saved: true };
  },
};
