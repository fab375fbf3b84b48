import type { EnqueueOptions, JobPort, QueueName } from '@counterpoint/core';

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface FailedJob {
  id: string;
  name: string;
  queue: string;
  error: string;
  attempts: number;
  failedAt: Date | null;
}

export interface RepeatOptions {
  everyMs: number;
}

/**
 * The one interface both runners implement, so the entries, the HTTP API and the tests do not care
 * whether jobs run on BullMQ or in this process. Names and payloads are untyped here (tests run
 * their own jobs); the typed `JobPort` view is what application code sees.
 */
export interface JobRunner extends JobPort {
  readonly kind: 'bullmq' | 'in-process';
  start(): Promise<void>;
  /** Stops taking work, lets running jobs finish (aborting them after the grace period), closes. */
  stop(): Promise<void>;
  enqueue(name: string, payload: unknown, opts?: EnqueueOptions): Promise<string>;
  /** Runs `name` every `everyMs`, starting now; repeating the call replaces the schedule. */
  repeat(name: string, payload: unknown, opts: RepeatOptions): Promise<void>;
  depths(): Promise<Record<QueueName, QueueDepth>>;
  /** The most recently failed jobs (that exhausted their attempts), newest first. */
  failures(limit?: number): Promise<FailedJob[]>;
  /** Puts a failed job back on its queue for a fresh set of attempts. */
  retry(jobId: string): Promise<void>;
  /** Whether the runner's backing store answers ('not_used' in process). */
  ping(): Promise<'ok' | 'error' | 'not_used'>;
}

/**
 * An error in words fit for the logs and the failed-jobs list. Drizzle wraps a driver error as
 * "Failed query: <SQL> params: <values>": kilobytes of SQL, and values that can be post texts and
 * pseudonyms, which must not be copied into logs or Redis. Only the statement's first words and
 * the driver's own message ("write CONNECTION_CLOSED", a constraint name) are kept.
 */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message.startsWith('Failed query:') && err.cause instanceof Error) {
    const statement = err.message.slice('Failed query:'.length).trim().split(/\s+/).slice(0, 2).join(' ');
    return `Database query failed (${statement} …): ${err.cause.message}`;
  }
  return err.message;
}
