import { cpSync, existsSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SYSTEM_ACTOR, createUser, ensureReferenceData, getUserByEmail } from '@counterpoint/db';
import {
  ensureWorkbenchBenchData,
  openBenchDatabase,
  workbenchBenchTargets,
} from '@counterpoint/db/queries/workbench-bench';
import { REPO_ROOT } from '../paths.js';
import { fetchOnce, loadTest, percentiles, type LoadResult, type Percentiles } from './http-load.js';
import { startWeb, type WebApp } from './web-process.js';

/**
 * `counterpoint bench workbench` (docs/performance.md, Workbench): the server time of the real
 * workbench pages at a million items. It loads the data into a dedicated database when absent,
 * starts the BUILT web app (adapter-node) on it, signs in as an analyst, fetches each page in turn
 * (rounds interleaved, so a burst of load from the shared machine hits every page alike) reading
 * the server's own `Server-Timing: total`, then loads the queue page over 50 connections.
 */

export interface WorkbenchBenchOptions {
  items: number;
  signals: number;
  rounds: number;
  seconds: number;
  connections: number;
  /** Pages the deep page's cursor is followed in. */
  depth: number;
  /** Processes the web app runs as (WEB_PROCESSES for scripts/serve-web.mjs). */
  webProcesses: number;
  /** The bench database's name on the server. */
  database: string;
  env: Record<string, string | undefined>;
  say: (line: string) => void;
}

export interface PageFigures {
  path: string;
  /** Server time (the hook's handle() duration), ms. */
  server: Percentiles;
  /** Time to the last byte as the bench saw it, ms. */
  client: Percentiles;
  bytes: number;
}

export interface WorkbenchBenchResult {
  bench: 'workbench';
  items: number;
  signals: number;
  rounds: number;
  pages: Record<PageName, PageFigures>;
  /** With the web processes' CPU time per queue page under load, all processes together (ms; null off Linux). */
  queueLoad: LoadResult & { webCpuMsPerRequest: number | null };
  /** Processes the web app ran as. */
  webProcesses: number;
  /** One-, five- and fifteen-minute load averages at the start and the end of the measuring. */
  load: { start: number[]; end: number[] };
  cores: number;
  node: string;
}

const PAGE_NAMES = [
  'queueFirst',
  'queueDeep',
  'filtered',
  'searchSelective',
  'searchBroad',
  'signal',
  'dashboard',
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

const WEB_BUILD = join(REPO_ROOT, 'apps/web/build/index.js');
const ANALYST = { email: 'bench.analyst@example.com', name: 'Bench Analyst', role: 'analyst' as const };
// Only ever in the bench database, which holds generated data alone.
const ANALYST_PASSWORD = 'bench-workbench-analyst-7-horses';
const WARM_UP = 5;

interface Services {
  databaseUrl: string;
  redisUrl: string;
  stop: () => void;
}

/** DATABASE_URL / REDIS_URL when set; otherwise private servers (scripts/services.mjs). */
async function services(
  env: Record<string, string | undefined>,
  say: (l: string) => void,
): Promise<Services> {
  if (env.DATABASE_URL && env.REDIS_URL)
    return { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, stop: () => {} };
  say('DATABASE_URL and REDIS_URL are not both set: starting private servers (the data lasts this run only)');
  const mod = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/services.mjs')).href)) as {
    provideServices: () => Promise<Services>;
  };
  return mod.provideServices();
}

/** Signs in through the real form, as a browser would; returns the session cookie. */
async function signIn(origin: string): Promise<string> {
  const a = await fetchOnce(new URL('/sign-in', origin), {
    method: 'POST',
    headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: ANALYST.email, password: ANALYST_PASSWORD }).toString(),
  });
  const cookie = a.setCookie.find((c) => c.includes('session_token='));
  if (a.status !== 303 || !cookie) throw new Error(`Signing in as the bench analyst failed (${a.status})`);
  return cookie.split(';')[0]!;
}

export async function runWorkbenchBench(opts: WorkbenchBenchOptions): Promise<WorkbenchBenchResult> {
  if (!existsSync(WEB_BUILD))
    throw new Error(
      'apps/web/build is missing: run `pnpm build` (or `pnpm --filter @counterpoint/web build`) first',
    );
  const say = opts.say;
  const buildCopy = join(REPO_ROOT, `apps/web/node_modules/.bench-workbench-${process.pid}`);
  const svc = await services(opts.env, say);
  let web: WebApp | undefined;
  try {
    const db = await openBenchDatabase(svc.databaseUrl, opts.database);
    let targets;
    let data;
    try {
      await ensureReferenceData(db.db);
      data = await ensureWorkbenchBenchData(db.db, { items: opts.items, signals: opts.signals, say });
      say(
        data.loaded.length
          ? `bench data ready (${data.items} items, ${data.signals} signals; loaded: ${data.loaded.join(', ')})`
          : `reusing the bench data in ${opts.database} (${data.items} items, ${data.signals} signals)`,
      );
      if (!(await getUserByEmail(db.db, ANALYST.email)))
        await createUser(db.db, SYSTEM_ACTOR, { ...ANALYST, password: ANALYST_PASSWORD });
      targets = await workbenchBenchTargets(db.db, opts.depth);
    } finally {
      await db.close();
    }

    say(`starting the built web app (${opts.webProcesses} web processes)`);
    // The server runs from a copy: others rebuilding apps/web/build during a run replaced the chunks
    // under the running server and turned pages into 500s. The copy stays under apps/web so the
    // build still finds its packages in apps/web/node_modules.
    rmSync(buildCopy, { recursive: true, force: true });
    cpSync(dirname(WEB_BUILD), buildCopy, { recursive: true });
    web = await startWeb(join(buildCopy, 'index.js'), db.url, svc.redisUrl, opts.webProcesses);
    const cookie = await signIn(web.origin);
    const q = (params: Record<string, string>) => `/signals?${new URLSearchParams(params).toString()}`;
    const paths: Record<PageName, string> = {
      queueFirst: '/signals',
      queueDeep: targets.deepCursor ? q({ after: targets.deepCursor }) : '/signals',
      filtered: q({ category: 'islamist', district: targets.districtId, band: 'signal' }),
      searchSelective: q({ q: targets.rareWord }),
      searchBroad: q({ q: targets.commonWord }),
      signal: `/signals/${targets.signalId}`,
      dashboard: '/',
    };
    const headers = { cookie, accept: 'text/html' };
    type Samples = { server: number[]; client: number[]; bytes: number };
    const samples = Object.fromEntries(
      PAGE_NAMES.map((p): [PageName, Samples] => [p, { server: [], client: [], bytes: 0 }]),
    ) as Record<PageName, Samples>;
    const load = { start: loadavg().map((v) => Math.round(v * 100) / 100), end: [] as number[] };
    say(
      `timing ${PAGE_NAMES.length} pages, ${opts.rounds} rounds each (deep page ${targets.deepPages} pages in)`,
    );
    for (let round = -WARM_UP; round < opts.rounds; round++) {
      for (const name of PAGE_NAMES) {
        const a = await fetchOnce(new URL(paths[name], web.origin), { headers });
        if (a.status !== 200) throw new Error(`${paths[name]} answered ${a.status}, not 200`);
        if (a.serverMs === null)
          throw new Error(`${paths[name]} sent no Server-Timing total: is apps/web/build up to date?`);
        if (round < 0) continue;
        samples[name].server.push(a.serverMs);
        samples[name].client.push(a.clientMs);
        samples[name].bytes = a.bytes;
      }
    }
    // Unmeasured load first, as long as the measured one up to 5 s: a web process's first few
    // hundred pages run on cold code at up to twice the CPU, and with several processes each has
    // seen only its share of the rounds above. A production server has long been warm.
    const warm = Math.min(5, opts.seconds);
    say(`warming up: the queue page over ${opts.connections} connections for ${warm} s, not measured`);
    await loadTest(new URL('/signals', web.origin), headers, opts.connections, warm);
    say(`loading the queue page over ${opts.connections} connections for ${opts.seconds} s`);
    const cpuBefore = web.cpuMs();
    const queueLoad = await loadTest(
      new URL('/signals', web.origin),
      headers,
      opts.connections,
      opts.seconds,
    );
    const cpuAfter = web.cpuMs();
    const webCpuMsPerRequest =
      cpuBefore !== null && cpuAfter !== null && queueLoad.requests > 0
        ? Math.round(((cpuAfter - cpuBefore) / queueLoad.requests) * 10) / 10
        : null;
    load.end = loadavg().map((v) => Math.round(v * 100) / 100);
    const pages = Object.fromEntries(
      PAGE_NAMES.map((name) => [
        name,
        {
          path: paths[name],
          server: percentiles(samples[name].server),
          client: percentiles(samples[name].client),
          bytes: samples[name].bytes,
        },
      ]),
    ) as Record<PageName, PageFigures>;
    return {
      bench: 'workbench',
      items: data.items,
      signals: data.signals,
      rounds: opts.rounds,
      pages,
      queueLoad: { ...queueLoad, webCpuMsPerRequest },
      webProcesses: opts.webProcesses,
      load,
      cores: availableParallelism(),
      node: process.version,
    };
  } finally {
    await web?.stop();
    rmSync(buildCopy, { recursive: true, force: true });
    svc.stop();
  }
}

/** The figures as a table for the terminal (the JSON line follows it). */
export function formatWorkbenchBench(r: WorkbenchBenchResult): string[] {
  const lines = [
    `bench workbench: ${r.items} items, ${r.signals} signals, ${r.rounds} rounds, ${r.webProcesses} web processes; load ${r.load.start.join(' ')} → ${r.load.end.join(' ')} on ${r.cores} cores`,
    'page              server p50  server p95  client p50  client p95  KB',
  ];
  for (const [name, p] of Object.entries(r.pages))
    lines.push(
      `${name.padEnd(17)} ${`${p.server.p50} ms`.padStart(10)}  ${`${p.server.p95} ms`.padStart(10)}  ${`${p.client.p50} ms`.padStart(10)}  ${`${p.client.p95} ms`.padStart(10)}  ${(p.bytes / 1024).toFixed(1).padStart(5)}`,
    );
  const l = r.queueLoad;
  lines.push(
    `queue page at ${l.connections} connections: ${l.rps} requests/s over ${l.seconds} s (p50 ${l.latency.p50} ms, p95 ${l.latency.p95} ms, ${l.errors} errors; web CPU ${l.webCpuMsPerRequest ?? '?'} ms a page)`,
  );
  return lines;
}
