import { performance } from 'node:perf_hooks';
import type { Config, JobPort } from '@counterpoint/core';
import type { Db } from '@counterpoint/db';
import { PermanentJobError } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import type { JobMetrics } from './metrics.js';
import type { JobRegistry } from './registry.js';
import { errorMessage } from './runner.js';

/** What every runner needs to run a job; shared so both behave the same. */
export interface ExecutorDeps {
  registry: JobRegistry;
  db: Db;
  config: Config;
  logger: Logger;
  metrics: JobMetrics;
  now?: () => Date;
}

export interface Attempt {
  id: string;
  name: string;
  data: unknown;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
}

/**
 * Validates the payload and runs the handler for one attempt. Resolves with the handler's result
 * or rejects: with a PermanentJobError when retrying cannot help (unknown job, invalid payload).
 */
export async function executeJob(deps: ExecutorDeps, port: JobPort, a: Attempt): Promise<unknown> {
  const job = deps.registry.get(a.name);
  const queue = job?.contract.queue ?? 'unknown';
  const logger = deps.logger.child({ jobId: a.id, job: a.name, attempt: a.attempt });
  const started = performance.now();
  try {
    if (!job) throw new PermanentJobError(`No handler is registered for job "${a.name}"`);
    const parsed = job.contract.payload.safeParse(a.data);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
        .join('; ');
      throw new PermanentJobError(`Invalid payload for job "${a.name}": ${issues}`);
    }
    logger.debug('job started');
    const result = await job.handle(parsed.data, {
      db: deps.db,
      config: deps.config,
      logger,
      enqueue: port.enqueue.bind(port),
      now: deps.now ?? (() => new Date()),
      signal: a.signal,
      job: { id: a.id, name: a.name, attempt: a.attempt, maxAttempts: a.maxAttempts },
    });
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.recordRun(a.name, queue, seconds, 'completed');
    logger.info({ durationMs: Math.round(seconds * 1000) }, 'job completed');
    return result;
  } catch (err) {
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.recordRun(a.name, queue, seconds, 'failed');
    const permanent = err instanceof PermanentJobError;
    const final = permanent || a.attempt >= a.maxAttempts;
    logger[final ? 'error' : 'warn'](
      { err: errorMessage(err), durationMs: Math.round(seconds * 1000), final },
      final ? 'job failed' : 'job attempt failed; will retry',
    );
    throw err;
  }
}
