import { closeSharedDatabase, sharedDatabase, type Db } from '@counterpoint/db';
import { config } from './env.js';

/**
 * The process's one database handle. In embedded mode a launcher in the same process may already
 * have opened it (PGlite must not be opened twice), so we ask for the shared one rather than
 * opening our own.
 */
export async function database(): Promise<Db> {
  registerShutdown();
  return (await sharedDatabase(config())).db;
}

const SHUTDOWN_KEY = Symbol.for('counterpoint.web.shutdown');

// adapter-node waits for open handles before exiting on SIGTERM; an open pool keeps it alive for
// ever (STACK.md trap 5), so the pool is closed when the server announces it is shutting down.
function registerShutdown(): void {
  const holder = globalThis as { [SHUTDOWN_KEY]?: true };
  if (holder[SHUTDOWN_KEY]) return;
  holder[SHUTDOWN_KEY] = true;
  process.once('sveltekit:shutdown', () => {
    closeSharedDatabase().catch((e: unknown) => console.error('Closing the database failed', e));
  });
}
