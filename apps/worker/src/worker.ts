import type { AddressInfo } from 'node:net';
import { DomainError, setProcessJobPort, type Config } from '@counterpoint/core';
import { openDatabase } from '@counterpoint/db';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createApi } from './http/app.js';
import { closeRateLimitConnections } from './http/routes/items-rate-limit.js';
import { JOBS } from './jobs/index.js';
import type { Logger } from './logger.js';
import { BullmqRunner } from './runtime/bullmq.js';
import { JobMetrics } from './runtime/metrics.js';
import { buildRegistry } from './runtime/registry.js';
import { applySchedules } from './runtime/schedules.js';
import { redisLeases } from './streams/leases.js';
import { StreamSupervisor } from './streams/supervisor.js';

export interface RunningWorker {
  port: number;
  stop(): Promise<void>;
}

/**
 * A production worker: BullMQ workers for every queue that has jobs, the job schedules, and the
 * HTTP API on API_PORT. Any number of these can run against the same PostgreSQL and Redis.
 */
export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  if (config.mode !== 'production' || !config.DATABASE_URL || !config.REDIS_URL) {
    throw new DomainError(
      'invalid_state',
      'The worker runs in production mode only: set DATABASE_URL and REDIS_URL. ' +
        '(In embedded mode `npm start` runs the jobs inside the one process.)',
    );
  }
  // Fails at boot, before connecting, when a job has no handler.
  const registry = buildRegistry(JOBS);
  const database = await openDatabase({ url: config.DATABASE_URL });
  await database.db.execute('select 1');
  const metrics = new JobMetrics();
  const runner = new BullmqRunner({
    registry,
    db: database.db,
    config,
    logger,
    metrics,
    redis: config.REDIS_URL,
    ...(config.QUEUE_PREFIX ? { prefix: config.QUEUE_PREFIX } : {}),
  });
  setProcessJobPort(runner);
  await runner.start();
  await applySchedules(runner, registry);
  // Long-running streams (Bluesky Jetstream): one consumer per source across all workers.
  const leaseRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  // Without a listener ioredis reports a lost Redis as an unhandled error; it reconnects by itself.
  leaseRedis.on('error', (err: Error) => logger.warn({ err: err.message }, 'stream lease redis error'));
  const streams = new StreamSupervisor({
    db: database.db,
    enqueue: runner.enqueue.bind(runner),
    config,
    logger,
    leases: redisLeases(
      leaseRedis,
      `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      config.QUEUE_PREFIX ?? 'counterpoint',
    ),
  });
  await streams.start();
  const api = createApi({ db: database.db, runner, metrics, logger, config });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: api.fetch, port: config.API_PORT, hostname: config.HOST }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, queues: registry.queues(), jobs: registry.all().map((j) => j.contract.name) },
    'worker started',
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= (async () => {
        logger.info('worker stopping');
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await streams.stop();
        await runner.stop();
        await leaseRedis.quit();
        await closeRateLimitConnections();
        setProcessJobPort(undefined);
        await database.close();
        logger.info('worker stopped');
      })();
      return stopping;
    },
  };
}

/** Runs until SIGTERM or SIGINT, then shuts down gracefully. */
export async function runWorkerUntilSignalled(config: Config, logger: Logger): Promise<void> {
  const worker = await startWorker(config, logger);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'signal received');
  await worker.stop();
}
