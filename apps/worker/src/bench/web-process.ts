import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fetchOnce } from './http-load.js';

/**
 * The built web app (adapter-node) as `bench workbench` runs it: its own process in production
 * mode on a free loopback port with fresh secrets, ready once the sign-in page answers.
 */

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
  /** CPU time the web process has used so far (user + system, ms), or null off Linux. */
  cpuMs: () => number | null;
  stop: () => Promise<void>;
}

/**
 * A process's CPU time from /proc (Linux): what one request costs the server in CPU, which the
 * shared machine's load does not inflate the way it inflates wall-clock time.
 */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing bracket):
    // utime and stime are the 14th and 15th fields of the line, in clock ticks (100 a second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

export async function startWeb(build: string, databaseUrl: string, redisUrl: string): Promise<WebApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [build], {
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
      if (a.status === 200) return { origin, stop, cpuMs: () => processCpuMs(child.pid) };
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
