import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { acquirePgliteLock, LOCK_FILE } from './pglite-lock.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cp-lock-'));

it('takes the lock with this pid and releases it', () => {
  const dir = tempDir();
  const lock = acquirePgliteLock(dir);
  expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  // Re-entrant within the process.
  const again = acquirePgliteLock(dir);
  again.release();
  expect(existsSync(lock.path)).toBe(true);
  lock.release();
  expect(existsSync(lock.path)).toBe(false);
});

it('refuses while another live process holds it', async () => {
  const dir = tempDir();
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  try {
    writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`);
    expect(() => acquirePgliteLock(dir)).toThrow(
      new RegExp(`in use by process ${other.pid}.*cannot be shared`),
    );
  } finally {
    other.kill();
    await new Promise((r) => other.once('exit', r));
  }
  // Now its process is gone: the lock is stale and taken over.
  const lock = acquirePgliteLock(dir);
  expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
  lock.release();
});
