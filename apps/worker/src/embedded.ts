import { setProcessJobInspector, setProcessJobPort, type Config } from '@counterpoint/core';
import type { Db } from '@counterpoint/db';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApi } from './http/app.js';
import { JOBS } from './jobs/index.js';
import type { Logger } from './logger.js';
import { InProcessRunner } from './runtime/in-process.js';
import { JobMetrics } from './runtime/metrics.js';
import { buildRegistry } from './runtime/registry.js';
import type { JobRunner } from './runtime/runner.js';
import { applySchedules } from './runtime/schedules.js';
import { StreamSupervisor } from './streams/supervisor.js';

export { acquirePgliteLock, type PgliteLock } from './db/pglite-lock.js';
export { openConfiguredDatabase, dataDirectory } from './db/open.js';
export { createLogger, type Logger } from './logger.js';
export { loadConfigOrExit } from './config.js';
export { captureSecrets } from './pipeline/secrets.js';
export type { JobRunner } from './runtime/runner.js';

export interface EmbeddedOptions {
  config: Config;
  logger: Logger;
  /** The process's one database handle (PGlite in embedded mode), already migrated. */
  db: Db;
}

export interface Embedded {
  /** The HTTP API (/health, /metrics, /api/v1/…); serve it with `api.fetch`. */
  api: Hono;
  fetch: (request: Request) => Response | Promise<Response>;
  /** The API as a Node request listener, for the launcher's HTTP server. */
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  runner: JobRunner;
  stop(): Promise<void>;
}

/**
 * The worker's half of embedded mode, for the launcher that also serves the web app in the same
 * process: the in-process runner over the same job registry, its schedules, and the HTTP API. The
 * runner becomes the process's job port, so the web app's enqueues run here.
 */
export async function startEmbedded({ config, logger, db }: EmbeddedOptions): Promise<Embedded> {
  const registry = buildRegistry(JOBS);
  const metrics = new JobMetrics();
  const runner = new InProcessRunner({ registry, db, config, logger, metrics });
  setProcessJobPort(runner);
  setProcessJobInspector(runner);
  await runner.start();
  await applySchedules(runner, registry);
  const streams = new StreamSupervisor({ db, enqueue: runner.enqueue.bind(runner), config, logger });
  await streams.start();
  const api = createApi({ db, runner, metrics, logger, config });
  logger.info({ jobs: registry.all().map((j) => j.contract.name) }, 'embedded job runner started');
  return {
    api,
    fetch: (request) => api.fetch(request),
    listener: getRequestListener((request) => api.fetch(request)),
    runner,
    async stop() {
      await streams.stop();
      await runner.stop();
      setProcessJobPort(undefined);
      setProcessJobInspector(undefined);
    },
  };
}
