import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@counterpoint/core';

/**
 * PGlite must never be opened by two processes (STACK.md trap 9: a second process on the same data
 * directory silently loses writes). Every PGlite opener takes this lock first: a file holding the
 * owner's pid, created exclusively. A lock whose process no longer exists is stale and taken over.
 */
export const LOCK_FILE = 'pgdata.lock';

export interface PgliteLock {
  path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Re-entrant within one process: the launcher takes the lock, and code it loads may ask again.
const held = new Map<string, { count: number }>();

export function acquirePgliteLock(dataDir: string): PgliteLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine = held.get(path);
  const release = () => {
    const entry = held.get(path);
    if (!entry) return;
    if (--entry.count > 0) return;
    held.delete(path);
    try {
      if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
  if (mine) {
    mine.count++;
    return { path, release };
  }
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.set(path, { count: 1 });
      return { path, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch {
      continue; // removed in between: try again
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new DomainError(
        'unavailable',
        `The embedded database in ${dataDir} is in use by process ${owner} (probably \`npm start\`). ` +
          'PGlite cannot be shared between processes: stop that process first, or use PostgreSQL (DATABASE_URL).',
        { pid: owner, path },
      );
    }
    // Stale (its process is gone) or unreadable: take it over.
    rmSync(path, { force: true });
  }
  throw new DomainError('unavailable', `Could not take the lock ${path}`);
}
