import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { REPO_ROOT } from '../paths.js';

/**
 * The processes and throw-away stores `bench pipeline` runs on: PostgreSQL and Redis (configured
 * or private), a database of its own, and real worker processes whose memory is read from /proc.
 */

export interface BenchServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): void;
}

interface ProvidedServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): void;
}

/**
 * The configured servers (TEST_DATABASE_URL / DATABASE_URL and TEST_REDIS_URL / REDIS_URL), or
 * private ones started as `npm test` starts them (scripts/services.mjs).
 */
export async function benchServices(given: {
  databaseUrl?: string;
  redisUrl?: string;
}): Promise<BenchServices> {
  if (given.databaseUrl && given.redisUrl)
    return { databaseUrl: given.databaseUrl, redisUrl: given.redisUrl, stop: () => undefined };
  const mod = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/services.mjs')).href)) as {
    provideServices(): Promise<ProvidedServices>;
  };
  return mod.provideServices();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Removes every key under the run's BullMQ prefix. */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Peak resident memory of a process so far (VmHWM), in MB; undefined once it has gone. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time a process has used so far (user + system), in seconds; 0 once it has gone. Load on a
 * shared machine moves rates by 2× between runs; CPU time per post moves much less.
 */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export interface WorkerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** Highest VmHWM seen, kept after the process has exited. */
  peakMb: number;
}

/**
 * Starts one production worker, `node apps/worker/dist/main.js`, with its own API port; its
 * warnings and errors are passed on to `say`, prefixed with its name.
 */
export async function startWorkerProcess(
  name: string,
  env: Record<string, string>,
  say: (line: string) => void,
  nodeArgs: readonly string[] = [],
  entry = join(REPO_ROOT, 'apps/worker/dist/main.js'),
): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, API_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => say(`[${name}] ${line.slice(0, 500)}`));
  }
  const worker: WorkerProcess = { name, port, child, peakMb: 0 };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} at start`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) throw new Error(`${name} did not answer /health within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return worker;
}

/** SIGTERM, then SIGKILL after the grace period; resolves when the process has exited. */
export async function stopWorkerProcess(worker: WorkerProcess, graceMs = 15_000): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
