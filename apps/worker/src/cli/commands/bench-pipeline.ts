import type { Command } from 'commander';
import { runPipelineBench } from '../../bench/pipeline-bench.js';
import { CliError, group, type CliContext } from '../context.js';

function whole(value: string, name: string, min: number): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`--${name} must be a whole number of at least ${min}`);
  return n;
}

/**
 * `bench pipeline`: the whole ingest path on real worker processes against COPY of the same rows
 * (docs/performance.md). Progress goes to stderr; the last line on stdout is one JSON object.
 */
export function register(program: Command, ctx: CliContext): void {
  group(program, 'bench', 'Benchmarks measured side by side in one run')
    .command('pipeline')
    .description(
      'Push synthetic posts through the push API, BullMQ, ingest and scoring into PostgreSQL, against COPY of the same rows',
    )
    .option('--posts <n>', 'posts to push', '200000')
    .option('--workers <n>', 'worker processes to start', '2')
    .option('--concurrency <n>', 'WORKER_CONCURRENCY of each worker process', '4')
    .option('--window <n>', 'most posts accepted but not yet scored', '5000')
    .option('--pushers <n>', 'push requests in flight at once', '2')
    .action(
      ctx.action(
        async (opts: {
          posts: string;
          workers: string;
          concurrency: string;
          window: string;
          pushers: string;
        }) => {
          const env = ctx.io.env;
          const databaseUrl = env.TEST_DATABASE_URL || env.DATABASE_URL;
          const redisUrl = env.TEST_REDIS_URL || env.REDIS_URL;
          const result = await runPipelineBench({
            posts: whole(opts.posts, 'posts', 1),
            workers: whole(opts.workers, 'workers', 1),
            concurrency: whole(opts.concurrency, 'concurrency', 1),
            window: whole(opts.window, 'window', 1000),
            pushers: whole(opts.pushers, 'pushers', 1),
            ...(databaseUrl && redisUrl ? { databaseUrl, redisUrl } : {}),
            say: (line) => ctx.say(line),
          });
          ctx.out(JSON.stringify(result));
        },
      ),
    );
}
