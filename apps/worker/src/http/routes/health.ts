import { QUEUES } from '@counterpoint/core';
import { z } from 'zod';
import type { QueueDepth } from '../../runtime/runner.js';
import { defineRoute } from '../openapi.js';

const CHECK_TIMEOUT_MS = 2_000;

/** A check that hangs (a Redis that stopped answering) must not hang the health endpoint. */
async function within<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(fallback), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

const depth = z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number() });
export const healthSchema = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['ok', 'error']),
  redis: z.enum(['ok', 'error', 'not_used']),
  queues: z.record(z.enum(QUEUES), depth),
});

export const healthRoute = defineRoute({
  method: 'get',
  path: '/health',
  access: 'public',
  summary: 'Whether the database and the queue backend answer, and how deep each queue is',
  tags: ['operations'],
  responses: {
    200: { description: 'Everything answers', schema: healthSchema },
    503: { description: 'The database or Redis does not answer', schema: healthSchema },
  },
  async handler(c, _input, { db, runner }) {
    const [database, redis, queues] = await Promise.all([
      within(async () => {
        await db.execute('select 1');
        return 'ok' as const;
      }, 'error' as const),
      within(() => runner.ping(), 'error' as const),
      within(() => runner.depths(), {} as Record<string, QueueDepth>),
    ]);
    const ok = database === 'ok' && redis !== 'error';
    return c.json(
      { status: ok ? 'ok' : 'error', database, redis, queues } satisfies z.input<typeof healthSchema>,
      ok ? 200 : 503,
    );
  },
});
