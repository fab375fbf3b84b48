import { ensureReferenceData } from '@counterpoint/db';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('Apply database migrations and reference data (roles, default retention)')
    .action(
      ctx.action(async () => {
        const database = await ctx.db();
        await database.migrate();
        const reference = await ensureReferenceData(database.db);
        ctx.out(
          `migrated (${database.kind}); reference data: ${reference.roles} roles, ${reference.retention} retention rules`,
        );
      }),
    );
}
