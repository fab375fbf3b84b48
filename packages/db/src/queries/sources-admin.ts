import type { Actor } from '../audit.js';
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
