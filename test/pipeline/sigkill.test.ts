import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@counterpoint/core';
import { createSource, seedDemo, type Actor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../apps/worker/dist/jobs/index.js';
import { silentLogger } from '../../apps/worker/dist/logger.js';
import { BullmqRunner } from '../../apps/worker/dist/runtime/bullmq.js';
import { JobMetrics } from '../../apps/worker/dist/runtime/metrics.js';
import { buildRegistry } from '../../apps/worker/dist/runtime/registry.js';
import { captureEnv, count, deleteRedisPrefix, testRedisUrl, uniquePrefix, waitUntil } from './support.js';

/**
 * "SIGKILL of a worker process in the middle of a 20,000-item ingest, then a restart, leaves
 * exactly 20,000 items": 40 batches of 500 are queued, a real worker process (production mode,
 * `node apps/worker/dist/main.js`) starts on them and is killed with SIGKILL part-way; a second
 * process takes over (BullMQ hands it the killed process's stalled jobs once their locks lapse)
 * and the queues drain. Idempotent bulk writes mean nothing is lost and nothing doubled.
 */
const MAIN = fileURLToPath(new URL('../../apps/worker/dist/main.js', import.meta.url));
const TOTAL = 20_000;
const BATCH = 500;
const ADMIN: Actor = { id: null, label: 'sigkill' };

const WORDS = Array.from({ length: 4000 }, (_, i) => `w${(i * 7919).toString(36)}x${(i % 97).toString(36)}`);
function text(i: number): string {
  // Deterministic, unrelated texts: no two are near-duplicates.
  let seed = (i + 1) * 2654435761;
  const words: string[] = [];
  for (let k = 0; k < 18; k++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    words.push(WORDS[seed % WORDS.length]!);
  }
  return `Post ${i}: ${words.join(' ')}.`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('a worker process killed mid-ingest', () => {
  let database: TestDatabase;
  let producer: BullmqRunner;
  const prefix = uniquePrefix('sigkill');
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  let env: Record<string, string>;
  /** Set when a worker process ends other than by our SIGKILL: the waits fail at once with its logs. */
  let died: string | undefined;
  const alive = () => {
    if (died) throw new Error(died);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db); // the starter lexicon, so scoring is exercised too
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '2',
      ...captureEnv(),
    };
    producer = new BullmqRunner({
      registry: buildRegistry(JOBS),
      db: database.db,
      config: parseConfig(env),
      logger: silentLogger(),
      metrics: new JobMetrics(),
      redis: testRedisUrl(),
      prefix,
      process: false,
    });
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await producer?.stop();
    await deleteRedisPrefix(prefix);
    await database?.drop();
  });

  async function startWorker(name: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...env, API_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const keep = (chunk: Buffer) => {
      logs.push(`[${name}] ${chunk.toString().trimEnd()}`);
      if (logs.length > 200) logs.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        died = `${name} worker exited (${code ?? signal}):\n${logs.slice(-10).join('\n')}`;
    });
    return child;
  }

  it(
    'leaves exactly 20,000 items, each scored once, after SIGKILL and a restart',
    { timeout: 300_000 },
    async () => {
      const db = database.db;
      const source = await createSource(db, ADMIN, { kind: 'push', name: 'Bulk partner' });
      const stored = () => count(db, `select count(*) n from items where source_id = '${source.id}'`);

      for (let b = 0; b < TOTAL / BATCH; b++) {
        const items = Array.from({ length: BATCH }, (_, k) => {
          const i = b * BATCH + k;
          return {
            platform: 'partner',
            externalId: `bulk-${i}`,
            text: text(i),
            author: { handle: `bulk${i % 300}` },
          };
        });
        await producer.enqueue('ingest-batch', { sourceId: source.id, items });
      }
      expect((await producer.depths()).ingest.waiting).toBe(TOTAL / BATCH);

      const t0 = Date.now();
      const first = await startWorker('first');
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        first.once('exit', (_code, signal) => resolve(signal)),
      );
      await waitUntil(
        'some items stored by the first worker',
        async () => (alive(), (await stored()) >= 1000),
        90_000,
        async () => `stored ${await stored()}; logs:\n${logs.join('\n')}`,
      );
      first.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const atKill = await stored();
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(TOTAL);

      const tKill = Date.now();
      await startWorker('second');
      const unscored = () =>
        count(
          db,
          `select count(*) n from items i where i.source_id = '${source.id}'
           and not exists (select 1 from scores s where s.item_id = i.id and s.current)`,
        );
      await waitUntil(
        'the queues to drain',
        async () => {
          if ((await stored()) !== TOTAL) return false;
          const d = await producer.depths();
          const busy =
            d.ingest.waiting +
            d.ingest.active +
            d.ingest.delayed +
            d.score.waiting +
            d.score.active +
            d.score.delayed;
          return busy === 0 && (await unscored()) === 0;
        },
        200_000,
        async () =>
          `stored ${await stored()} (at kill ${atKill}), unscored ${await unscored()}, ` +
          `depths ${JSON.stringify(await producer.depths())}, failures ${JSON.stringify(await producer.failures(5))}\n` +
          logs.slice(-20).join('\n'),
      );

      expect(await stored()).toBe(TOTAL);
      expect(
        await count(db, `select count(distinct external_id) n from items where source_id = '${source.id}'`),
      ).toBe(TOTAL);
      expect(
        await count(
          db,
          `select count(*) n from (select s.item_id from scores s join items i on i.id = s.item_id
           where i.source_id = '${source.id}' and s.current group by s.item_id having count(*) <> 1) x`,
        ),
      ).toBe(0);
      expect(await count(db, `select coalesce(sum(size), 0) n from clusters`)).toBe(
        await count(db, 'select count(*) n from items'),
      );
      expect((await producer.failures()).filter((f) => f.name === 'ingest-batch')).toEqual([]);
      console.info(
        `sigkill: ${atKill} of ${TOTAL} items stored when the first worker was killed after ${tKill - t0} ms; ` +
          `the second drained the rest (stalled jobs included) in ${Date.now() - tKill} ms`,
      );
    },
  );
});
