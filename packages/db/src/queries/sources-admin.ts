import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { createSource, listSources, type Source } from './sources.js';

/**
 * The source file uploads go into when the person has not made one: the first enabled 'import'
 * source, or a new one called "File uploads" (created through createSource, so it is audited).
 */
export async function ensureImportSource(db: Db, actor: Actor): Promise<Source> {
  const existing = (await listSources(db, { kind: 'import' })).find((s) => s.enabled);
  if (existing) return existing;
  return createSource(db, actor, {
    kind: 'import',
    name: 'File uploads',
    url: null,
    query: null,
    intervalMinutes: 60,
    enabled: true,
    ownerId: actor.id,
    districts: [],
  });
}

/**
 * Retrying a failed job re-runs work with effects (fetches, writes), so it is recorded: the retry
 * itself runs first, and only a retry that happened is written to the audit trail.
 */
export async function auditedJobRetry(
  db: Db,
  actor: Actor,
  job: { id: string; queue: string; name: string; error: string },
  retry: () => Promise<void>,
): Promise<void> {
  await retry();
  await mutate(db, actor, () =>
    Promise.resolve({
      result: undefined,
      audit: {
        action: 'job.retry',
        entityType: 'job',
        entityId: `${job.queue}/${job.id}`,
        change: { name: job.name, previousError: job.error.slice(0, 500) },
      },
    }),
  );
}
