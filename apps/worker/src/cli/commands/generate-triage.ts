import { fillSignalSearchIndex } from '@counterpoint/db';
import { benchQueue, generateTriageData } from '@counterpoint/db/queries/triage-generate';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../context.js';

function count(value: string, name: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a whole number`);
  return n;
}

/**
 * Load-test data and the queue benchmark (docs/triage.md): `generate-triage` writes synthetic items
 * and signals set-based; `bench-queue` prints p50/p95 server time of the first and a deep page.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('generate-triage')
    .description(
      'Load synthetic items and signals for load-testing the triage queue (never on a live system)',
    )
    .option('--items <n>', 'items to create', '1000000')
    .option('--signals <n>', 'signals to create (on the first items)', '100000')
    .action(
      ctx.action(async (opts: { items: string; signals: string }) => {
        const database = await ctx.db();
        const started = Date.now();
        const out = await generateTriageData(database.db, {
          items: count(opts.items, 'items'),
          signals: count(opts.signals, 'signals'),
          onProgress: (done, total) => {
            if (done % 200_000 === 0 || done === total) process.stderr.write(`${done}/${total} items\n`);
          },
        });
        ctx.out(JSON.stringify({ ...out, seconds: Math.round((Date.now() - started) / 100) / 10 }));
      }),
    );
  program
    .command('search-index')
    .description('Fill the full-text search vectors of all signals’ items that lack one (triage search)')
    .action(
      ctx.action(async () => {
        const database = await ctx.db();
        let after: string | null = null;
        let total = 0;
        for (;;) {
          const { filled, upTo } = await fillSignalSearchIndex(database.db, { batch: 5000, after });
          total += filled;
          after = upTo;
          if (filled === 0) break;
        }
        ctx.out(JSON.stringify({ indexed: total }));
      }),
    );
  program
    .command('bench-queue')
    .description('Time the triage queue: first page, a deep keyset page and the status counts (p50/p95 ms)')
    .option('--rounds <n>', 'timed runs of each', '50')
    .option('--depth <n>', 'pages to follow for the deep page', '200')
    .action(
      ctx.action(async (opts: { rounds: string; depth: string }) => {
        const database = await ctx.db();
        const out = await benchQueue(database.db, {
          rounds: count(opts.rounds, 'rounds'),
          depth: count(opts.depth, 'depth'),
        });
        ctx.out(JSON.stringify(out));
      }),
    );
}
