import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Puts jobs on a web server's queues and lets a throwaway worker fail them with the given errors,
 * so the Queues page has real failed jobs to show. Returns the failed jobs' ids.
 */
export async function makeFailedJobs(
  prefix: string,
  queueName: string,
  jobs: Array<{ name: string; data: unknown; error: string }>,
): Promise<string[]> {
  const connection = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  const errors = new Map<string, string>();
  const ids: string[] = [];
  for (const j of jobs) {
    const added = await queue.add(j.name, j.data, { attempts: 1 });
    errors.set(added.id!, j.error);
    ids.push(added.id!);
  }
  let failed = 0;
  const done = new Promise<void>((resolve) => {
    const worker = new Worker(
      queueName,
      (job) => Promise.reject(new Error(errors.get(job.id!) ?? 'failed')),
      { connection: connection.duplicate(), prefix, autorun: true },
    );
    worker.on('failed', () => {
      failed++;
      if (failed === jobs.length) void worker.close().then(() => resolve());
    });
  });
  await done;
  await queue.close();
  await connection.quit();
  return ids;
}
