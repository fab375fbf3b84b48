import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { MAX_INGEST_BATCH } from '@counterpoint/core';
import {
  activeLexicon,
  copyItemsBaseline,
  backendPid,
  countScoreRows,
  createApiKey,
  createBenchDatabases,
  createSource,
  databaseBackendPids,
  databaseUrlFor,
  disableAllSources,
  dropBenchDatabases,
  openDatabase,
  pipelineOutcome,
  seedDemo,
  type Actor,
  type Db,
} from '@counterpoint/db';
import { MAX_PUSH_ITEMS } from '../http/routes/items.js';
import { prepareBatch } from '../pipeline/prepare.js';
import { pipelinePosts } from './pipeline-posts.js';
import {
  benchServices,
  cpuSeconds,
  deleteRedisPrefix,
  peakRssMb,
  startWorkerProcess,
  stopWorkerProcess,
  type WorkerProcess,
} from './pipeline-procs.js';

/**
 * `bench pipeline` (issue 10, performance.md goal R4): N synthetic posts pushed through the push
 * API of real worker processes (`node apps/worker/dist/main.js`) → BullMQ → normalise, pseudonymise,
 * de-duplicate, store → score → PostgreSQL; then, in the same run, the same rows COPYed into the
 * same schema in an empty database as the physical baseline. Both databases are created for the
 * run (counterpoint_bench_<pid>, …_copy) and dropped after it.
 *
 * Arrival is the moment the push API accepted the request: it is stored as the item's
 * collected_at, and latency is the score's created_at minus that. The pusher keeps at most
 * `window` posts accepted but not yet scored, as a partner system paced by its backlog would;
 * pushing all N at once would measure only how long the queue is.
 */

export interface PipelineBenchOptions {
  posts: number;
  /** Worker processes started for the run. */
  workers: number;
  /** WORKER_CONCURRENCY of each worker process (jobs at once per queue). */
  concurrency: number;
  /** Most posts accepted by the API but not yet scored. */
  window: number;
  /** Push requests in flight at once. */
  pushers: number;
  databaseUrl?: string;
  redisUrl?: string;
  say: (line: string) => void;
}

export interface PipelineBenchResult {
  posts: number;
  postsPerSecond: number;
  copyRowsPerSecond: number;
  ratio: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  peakRssMb: Record<string, number>;
  /** CPU time per post of the worker processes and of the PostgreSQL backends serving them. */
  cpuMsPerPost: { workers: number; postgres: number };
  /** Posts stored as items, and items with exactly one score: both equal `posts` on success. */
  storedItems: number;
  scoredOnce: number;
  signals: number;
  seconds: { pipeline: number; copy: number };
  workers: number;
  concurrency: number;
  window: number;
  loadAverage: { start: number[]; end: number[] };
  machine: { cpus: number; cpu: string | undefined; node: string };
}

const ACTOR: Actor = { id: null, label: 'bench' };

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/** A source and key to push with, the active lexicon's plain phrases, and no other source enabled. */
async function prepareBenchDatabase(db: Db): Promise<{ sourceId: string; token: string; phrases: string[] }> {
  await seedDemo(db);
  // The demo source replays its posts on a schedule: keep it out of the measurement.
  await disableAllSources(db);
  const source = await createSource(db, ACTOR, { kind: 'push', name: 'Bench push' });
  const { token } = await createApiKey(db, ACTOR, { sourceId: source.id, name: 'bench' });
  const lexicon = await activeLexicon(db);
  const phrases = (lexicon?.terms ?? [])
    .filter((t) => t.matchMode === 'word' || t.matchMode === 'phrase')
    .map((t) => t.phrase);
  return { sourceId: source.id, token, phrases };
}

export async function runPipelineBench(options: PipelineBenchOptions): Promise<PipelineBenchResult> {
  const { say } = options;
  const loadStart = loadavg().map((x) => round(x, 2));
  const services = await benchServices(options);
  const name = `counterpoint_bench_${process.pid}`;
  const names = [name, `${name}_copy`];
  const prefix = `bench_${process.pid}`;
  const workers: WorkerProcess[] = [];
  let sampler: NodeJS.Timeout | undefined;
  // Ctrl-C stops the run at the next check and still cleans up: workers, databases, queue keys.
  let interrupted: Error | undefined;
  const onSignal = () => {
    interrupted = new Error('interrupted');
    say('interrupted: stopping the workers and dropping the bench databases');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await createBenchDatabases(services.databaseUrl, names);
    const url = databaseUrlFor(services.databaseUrl, name);
    const copyUrl = databaseUrlFor(services.databaseUrl, names[1]!);
    const main = await openDatabase({ url, max: 2 });
    const copy = await openDatabase({ url: copyUrl, max: 2 });
    // The bench's own progress polling (a count of scores, which grows with the table) runs on one
    // connection of its own, left out of the PostgreSQL CPU: it serves no worker. Without parallel
    // workers (interactive), and once a second until the last 2% (then every 100 ms for a sharp end
    // time): at 100 ms throughout, its scans took a fifth of a core from the pipeline it measures.
    const monitor = await openDatabase({ url, max: 1, interactive: true });
    try {
      await Promise.all([main.migrate(), copy.migrate()]);
      const { sourceId, token, phrases } = await prepareBenchDatabase(main.db);
      const posts = pipelinePosts(options.posts, 7, phrases);
      const bodies: Array<{ body: string; n: number }> = [];
      for (let i = 0; i < posts.length; i += MAX_PUSH_ITEMS) {
        const chunk = posts.slice(i, i + MAX_PUSH_ITEMS);
        bodies.push({ body: JSON.stringify({ items: chunk }), n: chunk.length });
      }

      const identityKey = randomBytes(32);
      const secrets = {
        pseudonymSecret: randomBytes(32).toString('base64url'),
        identityKey: { key: new Uint8Array(identityKey), version: 1 },
      };
      const env = {
        DATABASE_URL: url,
        REDIS_URL: services.redisUrl,
        AUTH_SECRET: randomBytes(32).toString('base64url'),
        PSEUDONYM_SECRET: secrets.pseudonymSecret,
        IDENTITY_KEY: identityKey.toString('base64'),
        QUEUE_PREFIX: prefix,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WORKER_CONCURRENCY: String(options.concurrency),
        PUSH_RATE_LIMIT_PER_MINUTE: '100000',
      };
      // For profiling the workers: BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
      const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
      say(`starting ${options.workers} worker process(es), concurrency ${options.concurrency}`);
      for (let k = 1; k <= options.workers; k++)
        workers.push(await startWorkerProcess(`worker-${k}`, env, say, nodeArgs));
      sampler = setInterval(() => {
        for (const w of workers) w.peakMb = Math.max(w.peakMb, peakRssMb(w.child.pid ?? -1) ?? 0);
      }, 500);

      if (interrupted) throw interrupted;
      const baseline = await countScoreRows(monitor.db);
      const monitorPid = await backendPid(monitor.db);
      const servingPids = async () =>
        (await databaseBackendPids(monitor.db)).filter((pid) => pid !== monitorPid);
      const workerCpuStart = workers.reduce((sum, w) => sum + cpuSeconds(w.child.pid ?? -1), 0);
      const pgCpuStart = (await servingPids()).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      let pushed = 0;
      let scored = 0;
      let next = 0;
      let failure: Error | undefined;
      const t0 = performance.now();
      const pusher = async (k: number) => {
        while (next < bodies.length && !failure) {
          while (pushed - scored >= options.window && !failure) await sleep(20);
          // The other pushers may have taken the last bodies while this one waited.
          if (next >= bodies.length || failure) break;
          const { body, n } = bodies[next++]!;
          const port = workers[(next + k) % workers.length]!.port;
          for (;;) {
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/items`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body,
            });
            if (res.status === 202) {
              await res.arrayBuffer();
              break;
            }
            const text = await res.text();
            if (res.status !== 429) throw new Error(`push answered ${res.status}: ${text.slice(0, 300)}`);
            await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
          }
          pushed += n;
        }
      };
      const pushing = Promise.all(Array.from({ length: options.pushers }, (_, k) => pusher(k))).catch(
        (err: unknown) => {
          failure = err instanceof Error ? err : new Error(String(err));
        },
      );
      let lastSay = t0;
      let lastProgress = t0;
      while (scored < options.posts) {
        await sleep(options.posts - scored > options.posts * 0.02 ? 1000 : 100);
        failure ??= interrupted;
        if (failure) throw failure;
        const now = await countScoreRows(monitor.db);
        if (now - baseline > scored) lastProgress = performance.now();
        scored = now - baseline;
        const t = performance.now();
        if (t - lastProgress > 120_000)
          throw new Error(`no post scored for 120 s (${scored} of ${options.posts})`);
        if (t - lastSay > 2000) {
          lastSay = t;
          say(
            `pushed ${pushed}, scored ${scored} of ${options.posts} (${Math.round(scored / ((t - t0) / 1000))} posts/s)`,
          );
        }
      }
      const pipelineSeconds = (performance.now() - t0) / 1000;
      await pushing;
      clearInterval(sampler);
      sampler = undefined;
      for (const w of workers) w.peakMb = Math.max(w.peakMb, peakRssMb(w.child.pid ?? -1) ?? 0);
      const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const workerCpu = cpuOf(workers.map((w) => w.child.pid ?? -1)) - workerCpuStart;
      const pgCpu = cpuOf(await servingPids()) - pgCpuStart;
      const loadEnd = loadavg().map((x) => round(x, 2));
      say(`pipeline: ${options.posts} posts in ${pipelineSeconds.toFixed(1)} s; stopping workers`);
      await Promise.all(workers.map((w) => stopWorkerProcess(w)));

      const outcome = await pipelineOutcome(main.db, sourceId);

      // The physical baseline: the same posts, prepared as ingest prepares them, COPYed into the
      // items table of an identical, empty schema.
      say('baseline: preparing the same rows for COPY');
      const copySource = await createSource(copy.db, ACTOR, { kind: 'push', name: 'Bench COPY' });
      const prepared = [];
      for (let i = 0; i < posts.length; i += MAX_INGEST_BATCH) {
        prepared.push(
          ...prepareBatch(posts.slice(i, i + MAX_INGEST_BATCH), { ...secrets, sourceDistricts: [] }).items,
        );
      }
      const c0 = performance.now();
      await copyItemsBaseline(copyUrl, copySource.id, prepared);
      const copySeconds = (performance.now() - c0) / 1000;
      say(`baseline: COPY of ${prepared.length} rows in ${copySeconds.toFixed(1)} s`);

      const postsPerSecond = options.posts / pipelineSeconds;
      const copyRowsPerSecond = prepared.length / copySeconds;
      const peak: Record<string, number> = {};
      for (const w of workers) peak[w.name] = w.peakMb;
      peak.bench = Math.round(process.resourceUsage().maxRSS / 1024);
      return {
        posts: options.posts,
        postsPerSecond: Math.round(postsPerSecond),
        copyRowsPerSecond: Math.round(copyRowsPerSecond),
        ratio: round(postsPerSecond / copyRowsPerSecond, 3),
        p50LatencyMs: outcome.p50LatencyMs,
        p95LatencyMs: outcome.p95LatencyMs,
        peakRssMb: peak,
        cpuMsPerPost: {
          workers: round((workerCpu * 1000) / options.posts, 2),
          postgres: round((pgCpu * 1000) / options.posts, 2),
        },
        storedItems: outcome.storedItems,
        scoredOnce: outcome.scoredOnce,
        signals: outcome.signals,
        seconds: { pipeline: round(pipelineSeconds, 1), copy: round(copySeconds, 2) },
        workers: options.workers,
        concurrency: options.concurrency,
        window: options.window,
        loadAverage: { start: loadStart, end: loadEnd },
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      };
    } finally {
      await monitor.close();
      await main.close();
      await copy.close();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (sampler) clearInterval(sampler);
    await Promise.all(workers.map((w) => stopWorkerProcess(w, 2000)));
    await dropBenchDatabases(services.databaseUrl, names).catch((err: unknown) =>
      say(`could not drop ${names.join(', ')}: ${String(err)}`),
    );
    await deleteRedisPrefix(services.redisUrl, prefix).catch(() => undefined);
    services.stop();
  }
}
