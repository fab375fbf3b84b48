import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { CliContext, describe, type CliIo } from './context.js';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('counterpoint')
    .description('Counterpoint command line. Run from the repository root: pnpm counterpoint <command>')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr });
  for (const register of COMMANDS) register(program, ctx);
  // exitOverride and output settings are inherited only by commands created after they are set,
  // so apply them to every subcommand now.
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      sub.exitOverride().configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr });
      walk(sub);
    }
  };
  walk(program);
  return program;
}

/** Runs the CLI and resolves with the exit code (no process.exit here, so tests can call it). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    // Commander has already printed its own message (unknown command, missing option, help).
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1;
    io.stderr(`error: ${describe(err)}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}
