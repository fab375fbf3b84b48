import {
  QUEUES,
  jobContract,
  processJobInspector,
  type EnqueueOptions,
  type FailedJobInfo,
  type JobInspector,
  type JobPort,
  type JobQueueDepth,
  type QueueName,
} from '@counterpoint/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { config } from './env.js';

/*
 * The web app cannot import the worker, so in production it speaks to the same BullMQ queues
 * itself: same names, same key prefix, same retention of finished jobs. One Redis connection and
 * one Queue per name per process, closed when the server shuts down (STACK.md trap 5).
 */

interface Queues {
  connection: Redis;
  queues: Map<QueueName, Queue>;
}

const KEY = Symbol.for('counterpoint.web.queues');

function open(): Queues {
  const holder = globalThis as { [KEY]?: Queues };
  if (holder[KEY]) return holder[KEY];
  const cfg = config();
  if (!cfg.REDIS_URL) throw new Error('REDIS_URL is not set, so the job queues cannot be reached.');
  const connection = new Redis(cfg.REDIS_URL, { maxRetriesPerRequest: 3, enableOfflineQueue: false });
  connection.on('error', (err: Error) => console.error('Redis (queues):', err.message));
  const queues = new Map<QueueName, Queue>();
  for (const name of QUEUES) {
    const queue = new Queue(name, {
      connection,
      ...(cfg.QUEUE_PREFIX ? { prefix: cfg.QUEUE_PREFIX } : {}),
      // The worker's retention, so jobs added here are kept and trimmed the same way.
      defaultJobOptions: {
        removeOnComplete: { count: 1000, age: 24 * 3600 },
        removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
      },
    });
    queue.on('error', (err: Error) => console.error(`Queue ${name}:`, err.message));
    queues.set(name, queue);
  }
  holder[KEY] = { connection, queues };
  process.once('sveltekit:shutdown', () => {
    void closeQueues();
  });
  return holder[KEY];
}

export async function closeQueues(): Promise<void> {
  const holder = globalThis as { [KEY]?: Queues };
  const q = holder[KEY];
  if (!q) return;
  delete holder[KEY];
  await Promise.all([...q.queues.values()].map((x) => x.close().catch(() => undefined)));
  await q.connection.quit().catch(() => q.connection.disconnect());
}

function queue(name: QueueName): Queue {
  return open().queues.get(name)!;
}

/** Puts jobs on the BullMQ queues; the payload is checked against the job's contract first. */
export const bullmqProducer: JobPort = {
  async enqueue(name, payload, opts: EnqueueOptions = {}) {
    const contract = jobContract(name);
    if (!contract) throw new Error(`Unknown job "${name}"`);
    const data: unknown = contract.payload.parse(payload);
    const q = queue(contract.queue);
    if (opts.jobId) {
      if (opts.jobId.includes(':')) throw new Error('A jobId must not contain ":"');
      // As in the worker: an id only de-duplicates work that is still pending or running.
      const existing = await q.getJob(opts.jobId);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return opts.jobId;
        await existing.remove().catch(() => undefined);
      }
    }
    const added = await q.add(name, data, {
      attempts: opts.attempts ?? contract.options.attempts,
      backoff: { type: contract.options.backoff.type, delay: contract.options.backoff.delayMs },
      ...(opts.delayMs && opts.delayMs > 0 ? { delay: opts.delayMs } : {}),
      ...(opts.jobId ? { jobId: opts.jobId } : {}),
    });
    return added.id ?? opts.jobId ?? '';
  },
};

const bullmqInspector: JobInspector = {
  async depths() {
    const entries = await Promise.all(
      QUEUES.map(async (name) => {
        const c = await queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        const depth: JobQueueDepth = {
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
        };
        return [name, depth] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, JobQueueDepth>;
  },
  async failures(limit = 50) {
    const lists = await Promise.all(QUEUES.map((name) => queue(name).getFailed(0, limit - 1)));
    return lists
      .flat()
      .map((j): FailedJobInfo => ({
        id: j.id ?? '',
        name: j.name,
        queue: j.queueName,
        error: j.failedReason ?? '',
        attempts: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
      }))
      .sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0))
      .slice(0, limit);
  },
  async retry(jobId) {
    for (const name of QUEUES) {
      const job = await queue(name).getJob(jobId);
      if (job && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return;
      }
    }
    throw new Error(`No failed job ${jobId}`);
  },
};

/** The in-process runner in embedded mode, BullMQ otherwise; undefined when neither is reachable. */
export function queueInspector(): JobInspector | undefined {
  const inProcess = processJobInspector();
  if (inProcess) return inProcess;
  return config().REDIS_URL ? bullmqInspector : undefined;
}
