import { randomUUID } from 'node:crypto';
import {
  backoffDelay,
  QUEUES,
  type EnqueueOptions,
  type JobBackoff,
  type QueueName,
} from '@counterpoint/core';
import { PermanentJobError } from '../jobs/types.js';
import { executeJob, type ExecutorDeps } from './execute.js';
import {
  errorMessage,
  type FailedJob,
  type JobRunner,
  type QueueDepth,
  type RepeatOptions,
} from './runner.js';

export interface InProcessRunnerOptions extends ExecutorDeps {
  /** Jobs run at once per queue: one number for all, or per queue (default WORKER_CONCURRENCY). */
  concurrency?: number | Partial<Record<QueueName, number>>;
  /** How long stop() waits for running jobs before aborting their signal. */
  graceMs?: number;
  /** Failed jobs kept for failures()/retry(). */
  keepFailed?: number;
}

type State = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

interface MemJob {
  id: string;
  name: string;
  queue: QueueName;
  data: unknown;
  attemptsMade: number;
  maxAttempts: number;
  backoff: JobBackoff;
  state: State;
  error?: string;
  failedAt?: Date;
  timer?: NodeJS.Timeout;
}

/**
 * Runs the job registry inside this process, for embedded mode (no Redis). Same handlers and the
 * same semantics as the BullMQ runner: attempts with exponential backoff, per-queue concurrency,
 * delayed and repeating jobs, de-duplication by jobId, graceful stop. Jobs live in memory: those
 * still queued when the process stops are lost, which embedded mode accepts (schedules re-create
 * the periodic work at the next start).
 */
export class InProcessRunner implements JobRunner {
  readonly kind = 'in-process' as const;
  private readonly jobs = new Map<string, MemJob>();
  private readonly waiting = new Map<QueueName, MemJob[]>();
  private readonly active = new Map<QueueName, Set<Promise<void>>>();
  private readonly failedList: MemJob[] = [];
  private readonly repeats = new Map<string, NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private started = false;
  private stopping = false;

  constructor(private readonly opts: InProcessRunnerOptions) {
    for (const q of QUEUES) {
      this.waiting.set(q, []);
      this.active.set(q, new Set());
    }
  }

  private concurrency(queue: QueueName): number {
    const c = this.opts.concurrency;
    if (typeof c === 'number') return c;
    return c?.[queue] ?? this.opts.config.WORKER_CONCURRENCY;
  }

  start(): Promise<void> {
    this.started = true;
    for (const q of QUEUES) this.pump(q);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.repeats.values()) clearInterval(t);
    this.repeats.clear();
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
    const running = [...this.active.values()].flatMap((s) => [...s]);
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.opts.graceMs ?? 10_000);
    });
    const outcome = await Promise.race([Promise.allSettled(running), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.opts.logger.warn({ running: running.length }, 'jobs still running at shutdown; aborting them');
      this.abort.abort(new Error('runner stopping'));
      await Promise.allSettled(running);
    }
  }

  enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const job = this.opts.registry.get(name);
    // An unknown name is a programming error at the call site: say so there, not in a log later.
    if (!job) return Promise.reject(new Error(`Unknown job "${name}"`));
    if (opts.jobId?.includes(':')) return Promise.reject(new Error('A jobId must not contain ":"'));
    if (opts.jobId) {
      const existing = this.jobs.get(opts.jobId);
      if (existing && existing.state !== 'completed' && existing.state !== 'failed') {
        return Promise.resolve(existing.id);
      }
    }
    const mem: MemJob = {
      id: opts.jobId ?? randomUUID(),
      name,
      queue: job.contract.queue,
      data: payload,
      attemptsMade: 0,
      maxAttempts: opts.attempts ?? job.contract.options.attempts,
      backoff: job.contract.options.backoff,
      state: 'waiting',
    };
    this.jobs.set(mem.id, mem);
    if (opts.delayMs && opts.delayMs > 0) this.delay(mem, opts.delayMs);
    else this.makeWaiting(mem);
    return Promise.resolve(mem.id);
  }

  async repeat(name: string, payload: unknown, { everyMs }: RepeatOptions): Promise<void> {
    if (!(everyMs > 0)) throw new Error('everyMs must be positive');
    const existing = this.repeats.get(name);
    if (existing) clearInterval(existing);
    const tick = () => {
      // One run at a time per schedule: a slow run is not stacked behind by further copies.
      this.enqueue(name, payload, { jobId: `repeat-${name}` }).catch((err: unknown) =>
        this.opts.logger.error({ job: name, err: errorMessage(err) }, 'could not enqueue repeating job'),
      );
    };
    this.repeats.set(name, setInterval(tick, everyMs));
    await Promise.resolve(tick());
  }

  depths(): Promise<Record<QueueName, QueueDepth>> {
    const out = {} as Record<QueueName, QueueDepth>;
    for (const q of QUEUES) out[q] = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const j of this.jobs.values()) {
      const d = out[j.queue];
      if (j.state === 'waiting') d.waiting++;
      else if (j.state === 'active') d.active++;
      else if (j.state === 'delayed') d.delayed++;
    }
    for (const j of this.failedList) out[j.queue].failed++;
    return Promise.resolve(out);
  }

  failures(limit = 50): Promise<FailedJob[]> {
    return Promise.resolve(
      this.failedList
        .slice(-limit)
        .reverse()
        .map((j) => ({
          id: j.id,
          name: j.name,
          queue: j.queue,
          error: j.error ?? '',
          attempts: j.attemptsMade,
          failedAt: j.failedAt ?? null,
        })),
    );
  }

  retry(jobId: string): Promise<void> {
    const index = this.failedList.findIndex((j) => j.id === jobId);
    if (index < 0) return Promise.reject(new Error(`No failed job ${jobId}`));
    const [job] = this.failedList.splice(index, 1);
    job!.attemptsMade = 0;
    delete job!.error;
    delete job!.failedAt;
    this.jobs.set(job!.id, job!);
    this.makeWaiting(job!);
    return Promise.resolve();
  }

  ping(): Promise<'not_used'> {
    return Promise.resolve('not_used');
  }

  private delay(job: MemJob, ms: number): void {
    job.state = 'delayed';
    job.timer = setTimeout(() => {
      delete job.timer;
      if (!this.stopping) this.makeWaiting(job);
    }, ms);
  }

  private makeWaiting(job: MemJob): void {
    job.state = 'waiting';
    this.waiting.get(job.queue)!.push(job);
    this.pump(job.queue);
  }

  private pump(queue: QueueName): void {
    if (!this.started || this.stopping) return;
    const waiting = this.waiting.get(queue)!;
    const active = this.active.get(queue)!;
    while (active.size < this.concurrency(queue) && waiting.length > 0) {
      const job = waiting.shift()!;
      const run = this.run(job).finally(() => {
        active.delete(run);
        this.pump(queue);
      });
      active.add(run);
    }
  }

  private async run(job: MemJob): Promise<void> {
    job.state = 'active';
    job.attemptsMade++;
    try {
      await executeJob(this.opts, this, {
        id: job.id,
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade,
        maxAttempts: job.maxAttempts,
        signal: this.abort.signal,
      });
      job.state = 'completed';
      this.jobs.delete(job.id);
    } catch (err) {
      const permanent = err instanceof PermanentJobError;
      if (!permanent && job.attemptsMade < job.maxAttempts) {
        // While stopping, a retry would never run: the job is left pending with the rest of memory.
        if (this.stopping) job.state = 'delayed';
        else this.delay(job, backoffDelay(job.backoff, job.attemptsMade));
        return;
      }
      job.state = 'failed';
      job.error = errorMessage(err);
      job.failedAt = new Date();
      this.jobs.delete(job.id);
      this.failedList.push(job);
      const keep = this.opts.keepFailed ?? 500;
      if (this.failedList.length > keep) this.failedList.splice(0, this.failedList.length - keep);
    }
  }
}
