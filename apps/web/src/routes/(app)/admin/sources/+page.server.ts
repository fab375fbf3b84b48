import { can, isDomainError } from '@counterpoint/core';
import { getSource, listSources, listUsers, resumeSource, setSourceEnabled } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { jobPort } from '$lib/server/jobs.js';
import { isPolled, sourceView } from './source-view.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const db = await database();
  const [sources, users] = await Promise.all([listSources(db), listUsers(db)]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const views = sources.map((s) => sourceView(s, names));
  return {
    title: 'Sources',
    sources: views,
    canEdit: locals.user ? can(locals.user.role, 'sources:edit') : false,
    summary: {
      total: views.length,
      healthy: views.filter((v) => v.health.state === 'healthy').length,
      failing: views.filter((v) => v.health.state === 'failing').length,
      paused: views.filter((v) => v.health.state === 'paused').length,
    },
  };
};

function sourceId(form: FormData): string {
  const id = form.get('id');
  return typeof id === 'string' ? id : '';
}

function actorOf(locals: App.Locals) {
  const user = locals.user!;
  return { id: user.id, label: user.email };
}

async function known<T>(run: () => Promise<T>) {
  try {
    return await run();
  } catch (e) {
    if (isDomainError(e) && e.code === 'not_found')
      return fail(404, { sourceAction: { ok: false as const, message: 'That source no longer exists.' } });
    throw e;
  }
}

// Permissions (sources:edit) were checked by the hook from routes.ts before these run.
export const actions: Actions = {
  setEnabled: async ({ request, locals }) => {
    const form = await request.formData();
    const enabled = form.get('enabled') === 'true';
    return known(async () => {
      const s = await setSourceEnabled(await database(), actorOf(locals), sourceId(form), enabled);
      return {
        sourceAction: { ok: true as const, message: `${s.name} is switched ${enabled ? 'on' : 'off'}.` },
      };
    });
  },
  resume: async ({ request, locals }) => {
    const form = await request.formData();
    return known(async () => {
      const s = await resumeSource(await database(), actorOf(locals), sourceId(form));
      return {
        sourceAction: {
          ok: true as const,
          message: `${s.name} is resumed; it will be tried again at its next turn.`,
        },
      };
    });
  },
  collect: async ({ request }) => {
    const form = await request.formData();
    const db = await database();
    const source = await getSource(db, sourceId(form));
    if (!source)
      return fail(404, { sourceAction: { ok: false as const, message: 'That source no longer exists.' } });
    if (!isPolled(source.kind))
      return fail(400, {
        sourceAction: { ok: false as const, message: `${source.name} is not collected on a schedule.` },
      });
    if (source.pausedAt)
      return fail(409, {
        sourceAction: { ok: false as const, message: `${source.name} is paused: resume it first.` },
      });
    // One pending "collect now" per source: pressing twice does not queue two fetches.
    await jobPort().enqueue('collect-source', { sourceId: source.id }, { jobId: `collect-now-${source.id}` });
    return {
      sourceAction: { ok: true as const, message: `${source.name} is queued for collection now.` },
    };
  },
};
