import type { Command } from 'commander';
import { runScoreBench } from '../../bench/score-bench.js';
import { group, type CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  group(program, 'bench', 'Benchmarks measured side by side in one run')
    .command('score')
    .description('Lexicon engine, classifier and fingerprints against naive baselines on synthetic data')
    .action(
      ctx.action(async () => {
        await Promise.resolve();
        const t0 = performance.now();
        const result = runScoreBench((line) => ctx.say(line));
        ctx.say(`bench score finished in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        ctx.out(JSON.stringify(result));
      }),
    );
}
