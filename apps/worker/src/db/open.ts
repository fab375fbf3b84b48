import { resolve } from 'node:path';
import type { Config } from '@counterpoint/core';
import { openDatabase, type Database } from '@counterpoint/db';
import { REPO_ROOT } from '../paths.js';
import { acquirePgliteLock } from './pglite-lock.js';

/** The embedded mode's data directory (`.counterpoint` by default), against the repository root. */
export function dataDirectory(config: Pick<Config, 'COUNTERPOINT_DATA_DIR'>, root = REPO_ROOT): string {
  return resolve(root, config.COUNTERPOINT_DATA_DIR);
}

/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded PGlite directory, under the lock that keeps a second process out. Closing releases it.
 */
export async function openConfiguredDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'COUNTERPOINT_DATA_DIR'>,
  root = REPO_ROOT,
): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL });
  const dir = dataDirectory(config, root);
  const lock = acquirePgliteLock(dir);
  try {
    const database = await openDatabase({ dataDir: resolve(dir, 'pgdata') });
    return {
      ...database,
      async close() {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
