import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_USERS, createWebDatabase, freePort, webEnvironment } from '../support/web-server.js';

/**
 * `scripts/serve-web.mjs`, the production web server: the built web app as WEB_PROCESSES processes
 * on one port. Checks that it starts that many and answers, that a sign-out through one process
 * counts in the others at once (cache.ts passes `forget` on), and that stopping it, gracefully or
 * not, leaves no web process behind.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVE = `${ROOT}scripts/serve-web.mjs`;
const BUILD = `${ROOT}apps/web/build/index.js`;

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** The pids whose parent is `pid` (from /proc, Linux). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function until(what: string, check: () => boolean | Promise<boolean>, limitMs = 60_000) {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function get(
  url: string,
  options: { agent?: Agent; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; location: string | undefined; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', agent: options.agent, headers: options.headers },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            setCookie: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function serve(db: TestDatabase, processes: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { env } = webEnvironment(db, url);
  let log = '';
  const child = spawn(process.execPath, [SERVE], {
    env: { PATH: process.env.PATH, ...env, HOST: '127.0.0.1', PORT: String(port), WEB_PROCESSES: processes },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return { child, url, output: () => log, exited };
}

async function ready(server: Server): Promise<void> {
  await until(`${server.url} answering\n${server.output()}`, async () => {
    if (server.child.exitCode !== null) throw new Error(`serve-web exited:\n${server.output()}`);
    try {
      return (await get(`${server.url}/sign-in`)).status === 200;
    } catch {
      return false;
    }
  });
}

describe('serve-web (the production web server)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    if (!existsSync(BUILD))
      throw new Error('apps/web/build is missing: run `pnpm --filter @counterpoint/web build` first.');
    db = await createWebDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('runs WEB_PROCESSES web processes on one port; a sign-out in one counts in all; SIGTERM stops them all', async () => {
    const server = await serve(db, '2');
    try {
      await ready(server);
      const pid = server.child.pid!;
      await until('two web processes', () => childrenOf(pid).length === 2);
      const workers = childrenOf(pid);

      const analyst = TEST_USERS.analyst;
      const signedIn = await get(`${server.url}/sign-in`, {
        method: 'POST',
        headers: {
          origin: server.url,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ email: analyst.email, password: analyst.password }).toString(),
      });
      expect(signedIn.status).toBe(303);
      const cookie = signedIn.setCookie.find((c) => c.includes('session_token='))!.split(';')[0]!;
      const headers = { cookie, accept: 'text/html' };

      // Six kept-alive connections: the cluster hands them out in turn, so both processes serve
      // some, and each remembers the session for a few seconds once it has looked it up.
      const agents = Array.from({ length: 6 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      try {
        for (const agent of agents) {
          const page = await get(`${server.url}/signals`, { agent, headers });
          expect(page.status, server.output()).toBe(200);
        }

        const out = await get(`${server.url}/sign-out?/here`, {
          method: 'POST',
          headers: {
            ...headers,
            origin: server.url,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: '',
        });
        expect(out.status).toBe(303);
        // Well inside the sessions' few seconds of memory: every connection, whichever process it
        // is on, now finds the session ended.
        for (const agent of agents) {
          const after = await get(`${server.url}/signals`, { agent, headers });
          expect(after.status).toBe(303);
          expect(after.location).toMatch(/^\/sign-in/);
        }
      } finally {
        for (const agent of agents) agent.destroy();
      }

      server.child.kill('SIGTERM');
      const { code } = await server.exited;
      expect(code, server.output()).toBe(0);
      for (const worker of workers) expect(alive(worker), `web process ${worker}`).toBe(false);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });

  it('leaves no web process behind when it is killed outright', async () => {
    const server = await serve(db, '2');
    await ready(server);
    const pid = server.child.pid!;
    await until('two web processes', () => childrenOf(pid).length === 2);
    const workers = childrenOf(pid);
    server.child.kill('SIGKILL');
    await server.exited;
    // Each web process exits when it loses its channel to the killed one.
    await until('the web processes to exit', () => workers.every((w) => !alive(w)), 20_000);
  });

  it('refuses a WEB_PROCESSES that is not a whole number of at least 1', async () => {
    const server = await serve(db, '0');
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toMatch(/WEB_PROCESSES must be a whole number of at least 1/);
  });
});
