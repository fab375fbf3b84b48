import { QUEUES, type QueueName } from '@counterpoint/core';
import { auditedJobRetry } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { config } from '$lib/server/env.js';
import { queueInspector } from '$lib/server/queues.js';
import type { Actions, PageServerLoad } from './$types';

const ABOUT: Record<QueueName, { label: string; description: string }> = {
  collect: { label: 'Collect', description: 'Fetching feeds and timelines on their schedules.' },
  ingest: {
    label: 'Ingest',
    description: 'Normalising, pseudonymising, de-duplicating and storing batches.',
  },
  score: { label: 'Score', description: 'Lexicon and classifier scores for new items.' },
  maintenance: { label: 'Maintenance', description: 'Audit checks, retention and other housekeeping.' },
};

const FAILURES_SHOWN = 50;

export const load: PageServerLoad = async () => {
  const inspector = queueInspector();
  const base = { title: 'Queues', mode: config().mode, checkedAt: new Date() };
  if (!inspector)
    return {
      ...base,
      reachable: false as const,
      message: 'No job runner is running in this process.',
      queues: [],
      failures: [],
    };
  try {
    const [depths, failures] = await Promise.all([inspector.depths(), inspector.failures(FAILURES_SHOWN)]);
    return {
      ...base,
      reachable: true as const,
      message: '',
      queues: QUEUES.map((name) => ({ name, ...ABOUT[name], depth: depths[name] })),
      failures,
    };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ...base,
      reachable: false as const,
      message: `The queues could not be read: ${reason}`,
      queues: [],
      failures: [],
    };
  }
};

// Permission (queues:manage) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  retry: async ({ request, locals }) => {
    const form = await request.formData();
    const id = typeof form.get('id') === 'string' ? (form.get('id') as string) : '';
    const inspector = queueInspector();
    if (!inspector)
      return fail(503, { retry: { ok: false as const, message: 'No job runner is reachable.' } });
    const failed = (await inspector.failures(500)).find((f) => f.id === id);
    if (!failed)
      return fail(404, {
        retry: {
          ok: false as const,
          message: 'That job is no longer failed: it was retried or cleaned up already.',
        },
      });
    const user = locals.user!;
    await auditedJobRetry(await database(), { id: user.id, label: user.email }, failed, () =>
      inspector.retry(id),
    );
    return {
      retry: {
        ok: true as const,
        message: `${failed.name} (job ${failed.id}) is back on the ${failed.queue} queue.`,
      },
    };
  },
};
