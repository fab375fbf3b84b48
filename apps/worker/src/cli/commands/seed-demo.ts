import { ensureReferenceData, seedDemo } from '@counterpoint/db';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('seed-demo')
    .description('Create the fictional demo county, one user per role and a starter lexicon (idempotent)')
    .action(
      ctx.action(async () => {
        const database = await ctx.db();
        await database.migrate();
        await ensureReferenceData(database.db);
        const result = await seedDemo(database.db);
        ctx.say(result.created ? 'demo workspace created' : 'demo workspace already present');
        if (result.users.length > 0) {
          ctx.out('Demo sign-ins:');
          const width = Math.max(...result.users.map((u) => u.email.length));
          for (const u of result.users) ctx.out(`  ${u.email.padEnd(width)}  ${u.password}  (${u.role})`);
        }
      }),
    );
}
