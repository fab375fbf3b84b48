import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { formatWorkbenchBench, runWorkbenchBench } from '../../bench/workbench-bench.js';
import { CliError, group, type CliContext } from '../context.js';

function whole(value: string, name: string, min = 0): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`--${name} must be a whole number of at least ${min}`);
  return n;
}

export function register(program: Command, ctx: CliContext): void {
  group(program, 'bench', 'Benchmarks measured side by side in one run')
    .command('workbench')
    .description(
      'Server time of the workbench pages at scale (queue, deep page, filters, search, signal, dashboard) and the queue page’s requests per second; loads the data when absent',
    )
    .option('--items <n>', 'items in the bench data', '1000000')
    .option('--signals <n>', 'signals in the bench data', '100000')
    .option('--rounds <n>', 'timed requests of each page', '50')
    .option('--seconds <n>', 'length of the queue page load test', '10')
    .option('--connections <n>', 'concurrent connections in the load test', '50')
    .option('--depth <n>', 'queue pages the deep page is in', '800')
    .option(
      '--web-processes <n>',
      'processes the web app runs as (scripts/serve-web.mjs); default WEB_PROCESSES, else one less than the cores (at least 1)',
    )
    .option(
      '--database <name>',
      'the bench database on the DATABASE_URL server',
      'counterpoint_bench_workbench',
    )
    .action(
      ctx.action(
        async (opts: {
          items: string;
          signals: string;
          rounds: string;
          seconds: string;
          connections: string;
          depth: string;
          webProcesses?: string;
          database: string;
        }) => {
          const options = {
            items: whole(opts.items, 'items', 1),
            signals: whole(opts.signals, 'signals', 1),
            rounds: whole(opts.rounds, 'rounds', 1),
            seconds: whole(opts.seconds, 'seconds', 1),
            connections: whole(opts.connections, 'connections', 1),
            depth: whole(opts.depth, 'depth'),
            webProcesses: whole(
              opts.webProcesses ??
                ctx.io.env.WEB_PROCESSES ??
                String(Math.max(1, availableParallelism() - 1)),
              'web-processes',
              1,
            ),
            database: opts.database,
          };
          if (options.signals > options.items) throw new CliError('--signals cannot exceed --items');
          if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.database))
            throw new CliError('--database must be a plain name (a-z, 0-9, _)');
          const started = performance.now();
          const result = await runWorkbenchBench({ ...options, env: ctx.io.env, say: (l) => ctx.say(l) });
          ctx.say(`bench workbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
          for (const line of formatWorkbenchBench(result)) ctx.out(line);
          ctx.out(JSON.stringify(result));
        },
      ),
    );
}
