import type { z } from 'zod';

/**
 * Queues are grouped by the resources their jobs use, not one per job: a worker sizes each queue's
 * concurrency for what it does (network-bound collection, database-heavy ingestion, CPU-bound
 * scoring, occasional housekeeping), and a new job joins the queue whose profile it shares.
 */
export const QUEUES = ['collect', 'ingest', 'score', 'maintenance'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobBackoff {
  type: 'exponential' | 'fixed';
  /** First retry waits this long; exponential doubles it for each further attempt. */
  delayMs: number;
}

export interface JobOptions {
  /** Total tries, the first included. */
  attempts: number;
  backoff: JobBackoff;
}

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2_000 },
};

/**
 * What everyone may know about a job without running it: its name, its queue and the shape of its
 * payload. Pure data, so the web app can enqueue a job without importing the worker.
 */
export interface JobContract<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly queue: QueueName;
  readonly payload: Schema;
  readonly options: JobOptions;
}

export interface DefineJobInput<Name extends string, Schema extends z.ZodType> {
  name: Name;
  queue: QueueName;
  /** Payloads carry ids and batches, never whole rows: the handler reads current data itself. */
  payload: Schema;
  options?: Partial<JobOptions>;
}

const NAME = /^[a-z][a-z0-9-]*$/;

export function defineJob<const Name extends string, Schema extends z.ZodType>(
  input: DefineJobInput<Name, Schema>,
): JobContract<Name, Schema> {
  // Job names become Redis keys and file names: keep them kebab-case and free of BullMQ's separator.
  if (!NAME.test(input.name)) throw new Error(`Job name "${input.name}" must be kebab-case (a-z, 0-9, -)`);
  return Object.freeze({
    name: input.name,
    queue: input.queue,
    payload: input.payload,
    options: { ...DEFAULT_JOB_OPTIONS, ...input.options },
  });
}

/** Delay before retry number `retry` (1 for the first retry). */
export function backoffDelay(backoff: JobBackoff, retry: number): number {
  if (backoff.type === 'fixed') return backoff.delayMs;
  return Math.round(backoff.delayMs * 2 ** Math.max(0, retry - 1));
}
