import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { parseLabelledJsonl } from '@counterpoint/core';
import { activateModel, importLabelledLines } from '@counterpoint/db';
import type { Command } from 'commander';
import { runRetrain } from '../../jobs/retrain.js';
import { CliError, group, type CliContext } from '../context.js';

function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

export function register(program: Command, ctx: CliContext): void {
  group(program, 'labels', 'Labelled training data for the classifier')
    .command('import')
    .description(
      'Store labelled JSON Lines ({"id","text","label"} per line) as training data for the next retrain',
    )
    .argument('<jsonl>', 'the file to import')
    .action(
      ctx.action(async (path: string) => {
        const full = ctx.userPath(path);
        let content: string;
        try {
          content = readFileSync(full, 'utf8');
        } catch (e) {
          throw new CliError(`cannot read ${full}: ${(e as Error).message}`);
        }
        const lines = parseLabelledJsonl(content, path);
        const database = await ctx.db();
        const out = await importLabelledLines(
          database.db,
          { id: null, label: operator() },
          {
            fileName: basename(full),
            lines,
          },
        );
        ctx.out(JSON.stringify(out));
      }),
    );

  const model = group(program, 'model', 'Classifier models');
  model
    .command('retrain')
    .description('Train a candidate model now, in this process, from analysts’ labels and imported data')
    .action(
      ctx.action(async () => {
        const database = await ctx.db();
        ctx.out(JSON.stringify(await runRetrain(database.db, { runId: null, requestedBy: null })));
      }),
    );
  model
    .command('activate')
    .description(
      'Make a candidate model active (a supervisor’s decision: the web Admin page shows the comparison)',
    )
    .argument('<model-id>')
    .action(
      ctx.action(async (id: string) => {
        const database = await ctx.db();
        ctx.out(JSON.stringify(await activateModel(database.db, { id: null, label: operator() }, id)));
      }),
    );
}
