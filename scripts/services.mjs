// Private PostgreSQL and Redis servers on free loopback ports, for `npm test` and the benchmarks
// when no DATABASE_URL / REDIS_URL is given. Installs the Debian packages when missing and allowed.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCommand, log } from './tools.mjs';

const isRoot = process.getuid?.() === 0;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

let aptUpdated = false;
export function aptInstall(packages, why) {
  if (!isRoot) {
    log(`${why} is missing. Install it with: sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  log(`installing ${packages.join(', ')} from Debian's packages (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) {
    log(`apt-get install ${packages.join(' ')} failed`);
    process.exit(1);
  }
}

function asPostgres(bin, args) {
  // initdb and pg_ctl refuse to run as root, so run them as the postgres system user.
  return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function waitFor(check, what, timeoutMs = 30_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

/**
 * A private PostgreSQL. It trades durability for speed (no fsync, asynchronous commit) unless
 * `durable` is set: then a commit is acknowledged only once its WAL has reached the operating
 * system, so it survives the server process being killed (tests that crash-restart the server).
 * fsync stays off either way — those tests kill the server, not the machine.
 */
export async function startPostgres({ durable = false } = {}) {
  let bin = pgBinDir();
  if (!bin) {
    aptInstall(['postgresql'], 'PostgreSQL');
    bin = pgBinDir();
  }
  const dir = mkdtempSync(join(tmpdir(), 'counterpoint-pg-'));
  chmodSync(dir, 0o700);
  if (isRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout), Number(gid.stdout));
  }
  const data = join(dir, 'data');
  const [c1, a1] = asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const init = spawnSync(c1, a1, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const commit = durable ? 'on' : 'off';
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=${commit} -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB`;
  const ctl = (args) => {
    const [c, a] = asPostgres(join(bin, 'pg_ctl'), ['-D', data, ...args]);
    return spawnSync(c, a, { encoding: 'utf8' });
  };
  const up = () => {
    const start = ctl(['-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
    if (start.status !== 0) throw new Error(`PostgreSQL did not start: ${start.stderr}${start.stdout}`);
  };
  up();
  let removed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    /**
     * Stops the server as a crash would (immediate mode: sessions cut, recovery at the next start)
     * but keeps its data, for tests of what survives a database restart.
     */
    halt() {
      const r = ctl(['-m', 'immediate', '-w', 'stop']);
      if (r.status !== 0) throw new Error(`PostgreSQL did not stop: ${r.stderr}${r.stdout}`);
    },
    /** Starts a halted server again on the same port and data. */
    resume: up,
    stop() {
      if (removed) return;
      removed = true;
      ctl(['-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private Redis. `appendOnly` turns on the append-only file with an fsync before every reply, so a
 * write Redis acknowledged survives the server being killed (tests of queued work across a restart).
 */
export async function startRedis({ appendOnly = false } = {}) {
  if (!hasCommand('redis-server')) aptInstall(['redis-server'], 'Redis');
  const dir = mkdtempSync(join(tmpdir(), 'counterpoint-redis-'));
  const port = await freePort();
  const persistence = appendOnly
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', ...persistence, '--dir', dir];
  let child;
  const up = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore', detached: false });
    // PING answers LOADING while the append-only file is replayed, so PONG means ready.
    await waitFor(
      () =>
        spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG',
      'Redis',
    );
  };
  await up();
  let removed = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    /** Kills the server (SIGKILL, no chance to save) and waits until it has gone; data stay. */
    async halt() {
      const c = child;
      if (c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await gone;
    },
    /** Starts a halted server again on the same port and directory. */
    resume: up,
    stop() {
      if (removed) return;
      removed = true;
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Uses TEST_DATABASE_URL / TEST_REDIS_URL (or DATABASE_URL / REDIS_URL) when given; otherwise
 * starts private servers. Returns the URLs and a stop function for what was started here.
 */
export async function provideServices() {
  const started = [];
  const stop = () => {
    for (const s of started.reverse()) s.stop();
    started.length = 0;
  };
  try {
    let databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startPostgres();
      started.push(pg);
      databaseUrl = pg.url;
      log(`started a private PostgreSQL on 127.0.0.1:${pg.port}`);
    }
    let redisUrl = process.env.TEST_REDIS_URL || process.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedis();
      started.push(redis);
      redisUrl = redis.url;
      log(`started a private Redis on 127.0.0.1:${redis.port}`);
    }
    return { databaseUrl, redisUrl, stop, started };
  } catch (error) {
    stop();
    throw error;
  }
}
