import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { ROLES } from '@counterpoint/core';
import { createUser } from '@counterpoint/db';
import type { Command } from 'commander';
import { group, type CliContext } from '../context.js';

/** 18 random bytes: 24 characters of base64url, about 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function register(program: Command, ctx: CliContext): void {
  group(program, 'user', 'Manage people who can sign in')
    .command('add')
    .description('Create a user; prints a generated password once when none is given')
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--password <password>', 'initial password (12+ characters); generated when omitted')
    .action(
      ctx.action(async (opts: { email: string; name: string; role: string; password?: string }) => {
        const password = opts.password ?? generatePassword();
        const database = await ctx.db();
        const user = await createUser(
          database.db,
          { id: null, label: `cli:${operator()}` },
          { email: opts.email, name: opts.name, role: opts.role, password },
        );
        ctx.out(`created ${user.id} ${user.email} (${opts.role})`);
        if (!opts.password) ctx.out(`password: ${password}`);
      }),
    );
}
