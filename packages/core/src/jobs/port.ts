import type { z } from 'zod';
import type { JobContract, QueueName } from './define.js';
import { JOB_CONTRACTS } from './contracts/index.js';

type Contracts = (typeof JOB_CONTRACTS)[number];

export type JobName = Contracts['name'];

type ContractOf<N extends JobName> = Extract<Contracts, { name: N }>;

/** What a caller passes when enqueueing (before defaults and coercions). */
export type JobPayload<N extends JobName> = z.input<ContractOf<N>['payload']>;

/** What a handler receives (after validation). */
export type JobData<N extends JobName> = z.output<ContractOf<N>['payload']>;

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /**
   * A caller-chosen id: enqueueing the same id again while the job is still known is a no-op, so
   * "collect source X" cannot pile up. Must not contain ':'.
   */
  jobId?: string;
  /** Overrides the contract's attempts. */
  attempts?: number;
}

/** The one way to put work on a queue, whichever runner is behind it. */
export interface JobPort {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<string>;
}

export function jobContract(name: string): JobContract | undefined {
  return (JOB_CONTRACTS as readonly JobContract[]).find((c) => c.name === name);
}

/*
 * In embedded mode the web app and the runner share a process, but may load this module through
 * different paths (the web bundle and the worker's dist), so the port lives on globalThis under a
 * registered symbol rather than in a module variable.
 */
const KEY = Symbol.for('counterpoint.jobPort');

interface Holder {
  [KEY]?: JobPort;
}

export function setProcessJobPort(port: JobPort | undefined): void {
  const holder = globalThis as Holder;
  if (port) holder[KEY] = port;
  else delete holder[KEY];
}

/** The job port of this process; throws when none was set (the caller has no way to run jobs). */
export function processJobPort(): JobPort {
  const port = (globalThis as Holder)[KEY];
  if (!port) throw new Error('No job port is set in this process: start a runner or set a producer first.');
  return port;
}

export function hasProcessJobPort(): boolean {
  return (globalThis as Holder)[KEY] !== undefined;
}

/** How many jobs sit in each state on one queue. */
export interface JobQueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A job that exhausted its attempts, with the error it kept. */
export interface FailedJobInfo {
  id: string;
  name: string;
  queue: string;
  error: string;
  attempts: number;
  failedAt: Date | null;
}

/**
 * Looking at the queues and retrying failed jobs (Admin → Queues). In embedded mode the in-process
 * runner registers itself here beside the job port; in production the web app reads BullMQ directly.
 */
export interface JobInspector {
  depths(): Promise<Record<QueueName, JobQueueDepth>>;
  failures(limit?: number): Promise<FailedJobInfo[]>;
  retry(jobId: string): Promise<void>;
}

const INSPECTOR_KEY = Symbol.for('counterpoint.jobInspector');

interface InspectorHolder {
  [INSPECTOR_KEY]?: JobInspector;
}

export function setProcessJobInspector(inspector: JobInspector | undefined): void {
  const holder = globalThis as InspectorHolder;
  if (inspector) holder[INSPECTOR_KEY] = inspector;
  else delete holder[INSPECTOR_KEY];
}

/** The job inspector of this process, or undefined when no in-process runner registered one. */
export function processJobInspector(): JobInspector | undefined {
  return (globalThis as InspectorHolder)[INSPECTOR_KEY];
}
