import type { Config, EnqueueOptions, JobContract, JobPort } from '@counterpoint/core';
import type { Db } from '@counterpoint/db';
import type { z } from 'zod';
import type { Logger } from '../logger.js';

/** What a handler may use. Everything it touches comes through here, so both runners supply it. */
export interface JobContext {
  db: Db;
  config: Config;
  /** Bound to this job (job id, name, attempt). */
  logger: Logger;
  /** Enqueue follow-up work (e.g. collect → ingest → score), on whichever runner runs this job. */
  enqueue: JobPort['enqueue'];
  now: () => Date;
  /** Aborted when the runner stops and the job did not finish within the grace period. */
  signal: AbortSignal;
  job: { id: string; name: string; attempt: number; maxAttempts: number };
}

export interface JobSchedule<Payload> {
  everyMs: number;
  payload: Payload;
}

/**
 * One file per job exports one of these. `handle` receives the payload already validated against
 * the contract's schema. Throwing fails this attempt (retried with backoff); throwing a
 * `PermanentJobError` fails the job at once.
 */
export interface JobDefinition<Contract extends JobContract = JobContract> {
  contract: Contract;
  handle(payload: z.output<Contract['payload']>, ctx: JobContext): Promise<unknown>;
  /** Runs repeatedly from start-up, once per interval across all workers. */
  schedule?: JobSchedule<z.input<Contract['payload']>>;
}

export function defineHandler<Contract extends JobContract>(
  definition: JobDefinition<Contract>,
): JobDefinition<Contract> {
  return definition;
}

/** A failure no retry can fix (an invalid payload, a record that no longer exists). */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export type { EnqueueOptions };
