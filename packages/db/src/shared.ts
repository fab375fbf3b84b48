import { resolve } from 'node:path';
import { openDatabase, type Database } from './open.js';

/**
 * One database handle per process. In embedded mode the web app, the HTTP API and the job runner
 * live in one process and must share one PGlite instance (a second instance on the same data
 * directory would lose writes), so whoever asks first opens it and everyone else gets the same one.
 * Kept on globalThis because the web bundle and the worker may load this module through different
 * paths.
 */
const KEY = Symbol.for('counterpoint.database');

interface Holder {
  [KEY]?: Promise<Database>;
}

export interface SharedDatabaseConfig {
  DATABASE_URL?: string | undefined;
  COUNTERPOINT_DATA_DIR: string;
}

export function sharedDatabase(config: SharedDatabaseConfig): Promise<Database> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const db = config.DATABASE_URL
      ? await openDatabase({ url: config.DATABASE_URL, interactive: true })
      : await openDatabase({ dataDir: resolve(config.COUNTERPOINT_DATA_DIR, 'pgdata') });
    await db.migrate();
    return db;
  })();
  return holder[KEY];
}

/**
 * Hands an already open handle to everyone in the process: the embedded launcher opens PGlite
 * under its lock and migrates it, then the web app and the runner find this one.
 */
export function provideSharedDatabase(db: Database): void {
  (globalThis as Holder)[KEY] = Promise.resolve(db);
}

/** Closes the shared handle, if one was opened (on shutdown). */
export async function closeSharedDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending).close();
}
