import {
  RETENTION_TREND_WINDOW_DAYS,
  REMOVABLE_CLASSES,
  RETENTION_CLASS_INFO,
  totalOf,
} from '@counterpoint/core';
import {
  currentRetentionPlan,
  executeRetentionRun,
  previewRetention,
  recordDryRun,
  SYSTEM_ACTOR,
} from '@counterpoint/db';
import type { Command } from 'commander';
import { group, type CliContext } from '../context.js';

function table(counts: Record<string, number>, cutoffs: Record<string, string | null>): string[] {
  return REMOVABLE_CLASSES.map((c) => {
    const label = RETENTION_CLASS_INFO[c].label.padEnd(40);
    const cut = cutoffs[c] ? `before ${cutoffs[c]}` : 'no period';
    return `  ${label} ${String(counts[c] ?? 0).padStart(8)}   (${cut})`;
  });
}

export function register(program: Command, ctx: CliContext): void {
  group(program, 'retention', 'Retention by data class (legal holds respected, audit trail kept)')
    .command('run')
    .description('Apply the retention policies now and write a receipt; --dry-run only counts what would go')
    .option('--dry-run', 'count what would be removed, with a few examples, and change nothing')
    .action(
      ctx.action(async (opts: { dryRun?: boolean }) => {
        const database = await ctx.db();
        const plan = await currentRetentionPlan(database.db, new Date(), RETENTION_TREND_WINDOW_DAYS);
        if (opts.dryRun) {
          const preview = await previewRetention(database.db, plan);
          const id = await recordDryRun(database.db, SYSTEM_ACTOR, preview);
          ctx.out(`dry run ${id} (today ${plan.today}); nothing was changed. Would remove:`);
          for (const line of table(preview.counts, plan.cutoffs)) ctx.out(line);
          const held = preview.held.signals_dismissed + preview.held.signals_escalated;
          ctx.out(`  total ${totalOf(preview.counts)}; kept by legal hold: ${held} signal(s)`);
          return 0;
        }
        const receipt = await executeRetentionRun(database.db, { actor: SYSTEM_ACTOR, plan });
        ctx.out(`retention run ${receipt.runId} done (today ${plan.today}). Removed:`);
        for (const line of table(receipt.counts, plan.cutoffs)) ctx.out(line);
        ctx.out(`  total ${totalOf(receipt.counts)}; receipt written to the audit trail`);
        return 0;
      }),
    );
}
