import { readFileSync } from 'node:fs';
import {
  parseLabelledJsonl,
  trainAndEvaluate,
  type ClassMetrics,
  type LabelledLine,
} from '@counterpoint/core';
import type { Command } from 'commander';
import { CliError, group, type CliContext } from '../context.js';

const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

function readLabelled(ctx: CliContext, path: string): LabelledLine[] {
  const full = ctx.userPath(path);
  let content: string;
  try {
    content = readFileSync(full, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${full}: ${(e as Error).message}`);
  }
  // Malformed lines become an invalid_input error naming the file and line (printed, exit 1).
  return parseLabelledJsonl(content, path);
}

export function register(program: Command, ctx: CliContext): void {
  group(program, 'classify', 'The trainable classifier')
    .command('eval')
    .description(
      'Train the product classifier (the retrain job’s code path) and evaluate it on a held-out file',
    )
    .requiredOption('--train <jsonl>', 'training lines {"id","text","label"}')
    .requiredOption('--test <jsonl>', 'held-out lines {"id","text","label"}')
    .action(
      ctx.action(async (opts: { train: string; test: string }) => {
        const train = readLabelled(ctx, opts.train);
        const test = readLabelled(ctx, opts.test);
        ctx.say(`training on ${train.length} lines, evaluating on ${test.length}`);
        const { model, report, trainSeconds, classifyPerSecond } = trainAndEvaluate(train, test);
        ctx.say(model.training.description);
        const perClass: Record<string, ClassMetrics> = {};
        for (const [label, m] of Object.entries(report.perClass)) {
          perClass[label] = {
            precision: r4(m.precision),
            recall: r4(m.recall),
            f1: r4(m.f1),
            support: m.support,
          };
        }
        ctx.out(
          JSON.stringify({
            n: report.n,
            labels: report.labels,
            accuracy: r4(report.accuracy),
            macroF1: r4(report.macroF1),
            weightedF1: r4(report.weightedF1),
            perClass,
            trainSeconds: Math.round(trainSeconds * 100) / 100,
            classifyPerSecond: Math.round(classifyPerSecond),
          }),
        );
        await Promise.resolve();
      }),
    );
}
