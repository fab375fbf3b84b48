import { randomBytes } from 'node:crypto';
import type { Config } from '@counterpoint/core';
import type { Db } from '@counterpoint/db';
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../logger.js';
import { BullmqRunner } from '../runtime/bullmq.js';
import { InProcessRunner } from '../runtime/in-process.js';
import { JobMetrics } from '../runtime/metrics.js';
import type { JobRegistry } from '../runtime/registry.js';
import type { JobRunner } from '../runtime/runner.js';

/** Test helpers (not part of the build's public surface). */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url)
    throw new Error('TEST_REDIS_URL is not set: run the suite with `npm test`, which provides Redis.');
  return url;
}

export interface RunnerUnderTest {
  runner: JobRunner;
  metrics: JobMetrics;
  cleanup: () => Promise<void>;
}

export type RunnerKind = 'in-process' | 'bullmq';

export function makeRunner(
  kind: RunnerKind,
  deps: { registry: JobRegistry; db: Db; config: Config; logger?: Logger; concurrency?: number },
): RunnerUnderTest {
  const metrics = new JobMetrics();
  const base = { ...deps, logger: deps.logger ?? silentLogger(), metrics, graceMs: 2_000 };
  if (kind === 'in-process') {
    const runner = new InProcessRunner(base);
    return { runner, metrics, cleanup: () => runner.stop() };
  }
  const prefix = `cptest-${randomBytes(5).toString('hex')}`;
  const runner = new BullmqRunner({ ...base, redis: testRedisUrl(), prefix });
  return {
    runner,
    metrics,
    async cleanup() {
      await runner.stop();
      const redis = new Redis(testRedisUrl());
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
