import { createApiKey, listApiKeys, revokeApiKey } from '@counterpoint/db';
import type { Command } from 'commander';
import { CliError, group, type CliContext } from '../context.js';
import { cliActor, table } from './source.js';

function parseDate(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new CliError(`--expires must be a date such as 2026-12-31, not "${value}"`);
  return d;
}

export function register(program: Command, ctx: CliContext): void {
  const keys = group(program, 'api-key', 'API keys for the push endpoint (one source each)');

  keys
    .command('create')
    .description('Create a key for a push source; the key is printed once and cannot be shown again')
    .requiredOption('--source <id>', 'the push source the key sends items to')
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--expires <date>', 'stop accepting the key after this date', parseDate)
    .action(
      ctx.action(async (opts: { source: string; name: string; expires?: Date }) => {
        const database = await ctx.db();
        const { key, token } = await createApiKey(database.db, cliActor(), {
          sourceId: opts.source,
          name: opts.name,
          ...(opts.expires ? { expiresAt: opts.expires } : {}),
        });
        ctx.out(`created ${key.id} "${key.name}" for ${key.sourceId} (scopes: ${key.scopes.join(', ')})`);
        ctx.out(`key: ${token}`);
        ctx.say('Keep this key now: it is stored only as a hash and cannot be shown again.');
      }),
    );

  keys
    .command('list')
    .description('List keys (never the secret)')
    .option('--source <id>', 'only the keys of this source')
    .action(
      ctx.action(async (opts: { source?: string }) => {
        const database = await ctx.db();
        const all = await listApiKeys(database.db, opts.source ? { sourceId: opts.source } : {});
        if (all.length === 0) {
          ctx.out('no API keys');
          return;
        }
        const at = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');
        const rows = [
          ['ID', 'PREFIX', 'NAME', 'SOURCE', 'STATE', 'LAST USED'],
          ...all.map((k) => [
            k.id,
            `cp_${k.prefix}_…`,
            k.name,
            k.sourceId ?? '-',
            k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= new Date() ? 'expired' : 'active',
            at(k.lastUsedAt),
          ]),
        ];
        for (const line of table(rows)) ctx.out(line);
      }),
    );

  keys
    .command('revoke <id>')
    .description('Revoke a key: requests with it are refused from now on')
    .action(
      ctx.action(async (id: string) => {
        const database = await ctx.db();
        await revokeApiKey(database.db, cliActor(), id);
        ctx.out(`revoked ${id}`);
      }),
    );
}
