import { resolve } from 'node:path';
import { isDomainError, parseConfig, type Config } from '@counterpoint/core';
import type { Database } from '@counterpoint/db';
import type { Command } from 'commander';
import { openConfiguredDatabase } from '../db/open.js';
import { createLogger, type Logger } from '../logger.js';
import { REPO_ROOT } from '../paths.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  /** The command's output: stdout, and nothing else goes there. */
  stdout: (text: string) => void;
  /** Messages for the person at the terminal: stderr. */
  stderr: (text: string) => void;
  /** Where the embedded data directory is resolved (the repository root). */
  root?: string;
}

/** An error for the person running the command: printed as its message alone, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * What command actions share: the configuration (parsed once, on first use, so `--help` works with
 * a broken environment), a logger on stderr, the database opened once and closed at the end, and
 * paths resolved against the directory the user ran pnpm from (pnpm runs scripts elsewhere).
 */
export class CliContext {
  private parsed: Config | undefined;
  private log: Logger | undefined;
  private database: Promise<Database> | undefined;
  exitCode = 0;

  constructor(readonly io: CliIo) {}

  config(): Config {
    this.parsed ??= parseConfig(this.io.env);
    return this.parsed;
  }

  logger(): Logger {
    this.log ??= createLogger({ level: this.config().LOG_LEVEL, destination: 'stderr', name: 'cli' });
    return this.log;
  }

  out(line = ''): void {
    this.io.stdout(`${line}\n`);
  }

  say(line: string): void {
    this.io.stderr(`${line}\n`);
  }

  userPath(p: string): string {
    return resolve(this.io.env.INIT_CWD ?? process.cwd(), p);
  }

  db(): Promise<Database> {
    this.database ??= openConfiguredDatabase(this.config(), this.io.root ?? REPO_ROOT);
    return this.database;
  }

  async close(): Promise<void> {
    const pending = this.database;
    this.database = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close();
  }

  /**
   * Wraps an action: any error becomes its message on stderr and exit code 1 (never a stack
   * trace), and the database is closed whatever happened.
   */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      try {
        const code = await fn(...args);
        if (typeof code === 'number') this.exitCode = code;
      } catch (err) {
        this.exitCode = err instanceof CliError ? err.exitCode : 1;
        this.say(`error: ${describe(err)}`);
      } finally {
        await this.close();
      }
    };
  }
}

export function describe(err: unknown): string {
  if (isDomainError(err) || err instanceof CliError) return err.message;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return `cannot connect to a service it needs (${err.message})`;
    return err.message || err.name;
  }
  return String(err);
}

/** Finds or creates a command group (`user`, `audit`) so several files can add subcommands. */
export function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/**
 * A CLI command module: one file in ./commands exporting `register`, listed once in
 * ./commands/index.ts. `ctx` is optional so that a command that needs none of it can ignore it.
 */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;
