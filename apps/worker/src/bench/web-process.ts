import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { fetchOnce } from './http-load.js';

/**
 * The built web app (adapter-node) as `bench workbench` runs it: started the way production starts
 * it (scripts/serve-web.mjs, WEB_PROCESSES processes, by default one less than the cores) in production mode
 * on a free loopback port with fresh secrets, ready once the sign-in page answers.
 */

const SERVE_WEB = join(REPO_ROOT, 'scripts/serve-web.mjs');

function freePort(): Promise<number> {
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

export interface WebApp {
  origin: string;
  /** How many processes render pages (WEB_PROCESSES, as scripts/serve-web.mjs reads it). */
  processes: number;
  /** CPU time the web server's processes have used so far (user + system, ms), or null off Linux. */
  cpuMs: () => number | null;
  stop: () => Promise<void>;
}

/**
 * A process's CPU time from /proc (Linux): what one request costs the server in CPU, which the
 * shared machine's load does not inflate the way it inflates wall-clock time.
 */
function statFields(pid: string | number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing bracket):
    // the parent pid is the 4th field of the line; utime and stime, in clock ticks (100 a second),
    // the 14th and 15th.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The process and its children (the web processes scripts/serve-web.mjs forks), CPU ms in all. */
function processTreeCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  const own = statFields(pid);
  if (!own) return null;
  let ticks = Number(own[11]) + Number(own[12]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || entry === String(pid)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}

export async function startWeb(
  build: string,
  databaseUrl: string,
  redisUrl: string,
  processes: number,
): Promise<WebApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  // BENCH_WEB_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the web app's node:
  // how the profile of the web process under load in docs/performance.md was taken.
  const nodeArgs = (process.env.BENCH_WEB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, SERVE_WEB, build], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `bench-workbench-${randomBytes(4).toString('hex')}`,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
      IDENTITY_KEY: randomBytes(32).toString('base64'),
      ORIGIN: origin,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      WEB_PROCESSES: String(processes),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The web app exited with ${child.exitCode}:\n${log}`);
    try {
      const a = await fetchOnce(new URL('/sign-in', origin));
      if (a.status === 200) return { origin, processes, stop, cpuMs: () => processTreeCpuMs(child.pid) };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The web app did not answer within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
