import { verifyAuditChain } from '@counterpoint/db';
import type { Command } from 'commander';
import { group, type CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  group(program, 'audit', 'The tamper-evident audit trail')
    .command('verify')
    .description('Walk the audit chain; exit 1 and name the first broken row if history was changed')
    .action(
      ctx.action(async () => {
        const database = await ctx.db();
        const verdict = await verifyAuditChain(database.db);
        if (verdict.ok) {
          ctx.out(`ok: ${verdict.rows} rows`);
          return 0;
        }
        const b = verdict.brokenAt;
        ctx.out(`broken: row ${b.seq} (${b.id}): ${b.reason}`);
        return 1;
      }),
    );
}
