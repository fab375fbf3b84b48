import { QUEUES, type EnqueueOptions, type QueueName } from '@counterpoint/core';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { PermanentJobError } from '../jobs/types.js';
import { executeJob, type ExecutorDeps } from './execute.js';
import {
  errorMessage,
  type FailedJob,
  type JobRunner,
  type QueueDepth,
  type RepeatOptions,
} from './runner.js';

export interface BullmqRunnerOptions extends ExecutorDeps {
  /** A Redis URL (the runner owns the connection) or an existing client (the caller owns it). */
  redis: string | Redis;
  /** Key prefix for every queue: tests use a unique one each to stay isolated. */
  prefix?: string;
  /** Jobs run at once per queue in this process (default WORKER_CONCURRENCY). */
  concurrency?: number | Partial<Record<QueueName, number>>;
  /** false: only enqueue and inspect (no Worker is started in this process). */
  process?: boolean;
  /** How long stop() waits for running jobs before aborting their signal. */
  graceMs?: number;
  /** Finished jobs kept in Redis: bounded so the queues do not grow without end. */
  keepCompleted?: { count: number; ageSeconds: number };
  keepFailed?: { count: number; ageSeconds: number };
}

/**
 * Production runner: one BullMQ Queue per queue name and, when processing, one Worker per queue
 * with its own concurrency. Any number of worker processes can share the queues; repeating jobs
 * are BullMQ job schedulers, which Redis de-duplicates across processes.
 */
export class BullmqRunner implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly abort = new AbortController();
  private stopped = false;
  /** When each distinct error was last logged, and how many repeats were held back since. */
  private readonly errorsLogged = new Map<string, { at: number; repeats: number }>();

  constructor(private readonly opts: BullmqRunnerOptions) {
    if (typeof opts.redis === 'string') {
      // BullMQ's blocking commands must never give up on a slow Redis (STACK.md trap 10).
      this.connection = new Redis(opts.redis, { maxRetriesPerRequest: null });
      this.ownsConnection = true;
    } else {
      this.connection = opts.redis;
      this.ownsConnection = false;
    }
    this.connection.on('error', (err: Error) => this.connectionError('redis error', undefined, err));
    this.connection.on('ready', () => {
      if (this.errorsLogged.size === 0) return;
      this.errorsLogged.clear();
      opts.logger.info('redis connection restored');
    });
    const keepCompleted = opts.keepCompleted ?? { count: 1000, ageSeconds: 24 * 3600 };
    const keepFailed = opts.keepFailed ?? { count: 5000, ageSeconds: 14 * 24 * 3600 };
    for (const name of QUEUES) {
      const queue = new Queue(name, {
        connection: this.connection,
        ...(opts.prefix ? { prefix: opts.prefix } : {}),
        defaultJobOptions: {
          removeOnComplete: { count: keepCompleted.count, age: keepCompleted.ageSeconds },
          removeOnFail: { count: keepFailed.count, age: keepFailed.ageSeconds },
        },
      });
      queue.on('error', (err: Error) => this.connectionError('queue error', name, err));
      this.queues.set(name, queue);
    }
  }

  /**
   * While Redis is away every queue, worker and connection reports each reconnection attempt: one
   * line per distinct error every 30 s (with how many were held back) says the same without
   * burying everything else in the log.
   */
  private connectionError(what: string, queue: QueueName | undefined, err: Error): void {
    const key = `${what}|${err.message}`;
    const now = Date.now();
    const last = this.errorsLogged.get(key);
    if (last && now - last.at < 30_000) {
      last.repeats++;
      return;
    }
    if (this.errorsLogged.size > 100) this.errorsLogged.clear();
    this.errorsLogged.set(key, { at: now, repeats: 0 });
    this.opts.logger.error(
      { ...(queue ? { queue } : {}), err: err.message, ...(last ? { repeats: last.repeats } : {}) },
      what,
    );
  }

  private concurrency(queue: QueueName): number {
    const c = this.opts.concurrency;
    if (typeof c === 'number') return c;
    return c?.[queue] ?? this.opts.config.WORKER_CONCURRENCY;
  }

  private queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  async start(): Promise<void> {
    if (this.opts.process === false || this.workers.length > 0) return;
    for (const queueName of this.opts.registry.queues()) {
      const worker = new Worker(
        queueName,
        (job: Job, _token?: string, signal?: AbortSignal) => this.process(job, signal),
        {
          connection: this.connection,
          ...(this.opts.prefix ? { prefix: this.opts.prefix } : {}),
          concurrency: this.concurrency(queueName),
          autorun: false,
        },
      );
      worker.on('error', (err: Error) => this.connectionError('worker error', queueName, err));
      this.workers.push(worker);
    }
    for (const w of this.workers) {
      w.run().catch((err: unknown) => this.opts.logger.error({ err: errorMessage(err) }, 'worker stopped'));
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  private async process(job: Job, signal?: AbortSignal): Promise<unknown> {
    const signals = signal ? [signal, this.abort.signal] : [this.abort.signal];
    try {
      return await executeJob(this.opts, this, {
        id: job.id ?? '',
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      // BullMQ's own marker for "do not retry".
      if (err instanceof PermanentJobError) throw new UnrecoverableError(errorMessage(err));
      // BullMQ keeps the message and stack in Redis as the failure: the short form, never a query's
      // parameters (see errorMessage).
      const message = errorMessage(err);
      if (err instanceof Error && message !== err.message) throw new Error(message, { cause: err });
      throw err;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    const closing = Promise.all(this.workers.map((w) => w.close()));
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.opts.graceMs ?? 10_000);
    });
    const outcome = await Promise.race([closing, graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.opts.logger.warn('jobs still running at shutdown; aborting them');
      this.abort.abort(new Error('runner stopping'));
      await closing;
    }
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    if (this.ownsConnection) await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private jobOptions(name: string, opts: EnqueueOptions): { queue: QueueName; options: JobsOptions } {
    const job = this.opts.registry.get(name);
    if (!job) throw new Error(`Unknown job "${name}"`);
    const { attempts, backoff } = job.contract.options;
    return {
      queue: job.contract.queue,
      options: {
        attempts: opts.attempts ?? attempts,
        backoff: { type: backoff.type, delay: backoff.delayMs },
        ...(opts.delayMs && opts.delayMs > 0 ? { delay: opts.delayMs } : {}),
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
      },
    };
  }

  async enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const { queue, options } = this.jobOptions(name, opts);
    const q = this.queue(queue);
    if (opts.jobId) {
      if (opts.jobId.includes(':')) throw new Error('A jobId must not contain ":"');
      // BullMQ ignores an id it still remembers, finished jobs included; here a jobId only
      // de-duplicates work that is pending or running, as in the in-process runner.
      const existing = await q.getJob(opts.jobId);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return opts.jobId;
        await existing.remove().catch(() => undefined);
      }
    }
    const added = await q.add(name, payload, options);
    return added.id ?? opts.jobId ?? '';
  }

  async repeat(name: string, payload: unknown, { everyMs }: RepeatOptions): Promise<void> {
    if (!(everyMs > 0)) throw new Error('everyMs must be positive');
    const { queue, options } = this.jobOptions(name, {});
    await this.queue(queue).upsertJobScheduler(
      `repeat-${name}`,
      { every: everyMs },
      { name, data: payload, opts: { attempts: options.attempts, backoff: options.backoff } },
    );
  }

  async depths(): Promise<Record<QueueName, QueueDepth>> {
    const entries = await Promise.all(
      QUEUES.map(async (name) => {
        const c = await this.queue(name).getJobCounts(
          'waiting',
          'prioritized',
          'active',
          'delayed',
          'failed',
        );
        const depth: QueueDepth = {
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
        };
        return [name, depth] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, QueueDepth>;
  }

  async failures(limit = 50): Promise<FailedJob[]> {
    const lists = await Promise.all(QUEUES.map((name) => this.queue(name).getFailed(0, limit - 1)));
    return lists
      .flat()
      .map((j) => ({
        id: j.id ?? '',
        name: j.name,
        queue: j.queueName,
        error: j.failedReason ?? '',
        attempts: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
      }))
      .sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0))
      .slice(0, limit);
  }

  async retry(jobId: string): Promise<void> {
    for (const name of QUEUES) {
      const job = await this.queue(name).getJob(jobId);
      if (job && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return;
      }
    }
    throw new Error(`No failed job ${jobId}`);
  }

  async ping(): Promise<'ok' | 'error'> {
    try {
      await this.connection.ping();
      return 'ok';
    } catch {
      return 'error';
    }
  }
}
