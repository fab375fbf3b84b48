import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Role } from '@counterpoint/core';
import { SYSTEM_ACTOR, createUser, ensureReferenceData, seedDemo } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';

/**
 * Starts the BUILT web app (`node apps/web/build/index.js`) in production mode against a fresh
 * PostgreSQL database, with one signed-in-able person per role, and stops it afterwards.
 */

const BUILD = fileURLToPath(new URL('../../apps/web/build/index.js', import.meta.url));

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export const TEST_USERS: Record<Role, TestUser> = {
  admin: { email: 'ada.admin@example.com', name: 'Ada Okafor', role: 'admin', password: TEST_PASSWORD },
  supervisor: {
    email: 'sam.supervisor@example.com',
    name: 'Sam Patel',
    role: 'supervisor',
    password: TEST_PASSWORD,
  },
  analyst: {
    email: 'alex.analyst@example.com',
    name: 'Alex Morgan',
    role: 'analyst',
    password: TEST_PASSWORD,
  },
  communications_officer: {
    email: 'chris.comms@example.com',
    name: 'Chris Evans',
    role: 'communications_officer',
    password: TEST_PASSWORD,
  },
  engagement_officer: {
    email: 'emma.engagement@example.com',
    name: 'Emma Hughes',
    role: 'engagement_officer',
    password: TEST_PASSWORD,
  },
  board_viewer: {
    email: 'bo.board@example.com',
    name: 'Bo Lewis',
    role: 'board_viewer',
    password: TEST_PASSWORD,
  },
};

export interface WebServer {
  url: string;
  db: TestDatabase;
  /** The BullMQ key prefix the server's queues use: unique per server, so tests never share jobs. */
  queuePrefix: string;
  stop(): Promise<{ exitMs: number }>;
  /** The server's output so far, for failure messages. */
  output(): string;
  /** The capture secrets it was started with, so tests can seal identities it can open. */
  secrets: { pseudonymSecret: string; identityKey: string };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The web app exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/sign-in`, { redirect: 'manual' });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`The web app did not answer within ${timeoutMs} ms:\n${log()}`);
}

/** A fresh database with the reference data and one person per role (TEST_USERS). */
export async function createWebDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await ensureReferenceData(db.db);
  if (options.demo) await seedDemo(db.db);
  for (const u of Object.values(TEST_USERS)) await createUser(db.db, SYSTEM_ACTOR, u);
  return db;
}

/** The environment the web app runs with in production mode against `db`, answering at `origin`. */
export function webEnvironment(db: TestDatabase, origin: string) {
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: run the suite with `npm test`.');
  const queuePrefix = `web-test-${randomBytes(6).toString('hex')}`;
  const secrets = {
    pseudonymSecret: randomBytes(32).toString('hex'),
    identityKey: randomBytes(32).toString('base64'),
  };
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_SECRET: secrets.pseudonymSecret,
    IDENTITY_KEY: secrets.identityKey,
    ORIGIN: origin,
    LOG_LEVEL: 'warn',
  };
  return { env, queuePrefix, secrets };
}

export async function startWebServer(options: { demo?: boolean } = {}): Promise<WebServer> {
  if (!existsSync(BUILD))
    throw new Error('apps/web/build is missing: run `pnpm --filter @counterpoint/web build` first.');
  if (!process.env.TEST_REDIS_URL)
    throw new Error('TEST_REDIS_URL is not set: run the suite with `npm test`.');
  const db = await createWebDatabase(options);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { env, queuePrefix, secrets } = webEnvironment(db, url);
  let log = '';
  const child = spawn(process.execPath, [BUILD], {
    env: { PATH: process.env.PATH, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitForReady(url, child, () => log);
  } catch (e) {
    child.kill('SIGKILL');
    await db.drop();
    throw e;
  }
  return {
    url,
    db,
    queuePrefix,
    secrets,
    output: () => log,
    async stop() {
      const started = Date.now();
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      const exitMs = Date.now() - started;
      await db.drop();
      return { exitMs };
    },
  };
}
