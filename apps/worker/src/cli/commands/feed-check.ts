import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseFeed, plainMessage } from '@counterpoint/core';
import type { Command } from 'commander';
import { FetchError, SafeFetcher, allowHostsFromEnv } from '../../connectors/safe-fetch.js';

/**
 * `pnpm counterpoint feed check <file-or-url>...`: each input through the product's own feed path
 * (safe fetching for URLs, then `parseFeed`), one JSON line per input, in order. Exit 0 when every
 * input parsed, 1 when any was rejected. Errors are plain words; nothing is allowed to hang.
 */
export type FeedCheckLine =
  | { input: string; ok: true; format: string; encoding: string; items: number }
  | { input: string; ok: false; error: string };

export interface FeedCheckOptions {
  env: Record<string, string | undefined>;
  fetcher?: SafeFetcher;
  /** Per-input parse deadline. */
  deadlineMs?: number;
}

/** The CLI's shared context, structurally (so this file stands alone). */
interface CommandContext {
  io: { env: Record<string, string | undefined>; stdout: (text: string) => void };
  exitCode: number;
}

const MAX_FILE_BYTES = 50 * 1024 * 1024;

function fileError(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `No such file: ${path}`;
  if (code === 'EISDIR') return `This is a folder, not a file: ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `The file cannot be read (permission denied): ${path}`;
  return `The file could not be read: ${path}`;
}

export async function checkFeedInput(
  input: string,
  options: FeedCheckOptions,
  fetcher: SafeFetcher,
): Promise<FeedCheckLine> {
  const deadline = options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {};
  try {
    let result;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
      const res = await fetcher.fetch(input);
      if (res.notModified)
        return { input, ok: false, error: 'The server answered 304 Not Modified to a plain request' };
      result = await parseFeed(res.body, { contentType: res.contentType, baseUrl: res.url, ...deadline });
    } else {
      const path = resolve(options.env.INIT_CWD ?? process.cwd(), input);
      let bytes: Buffer;
      try {
        const info = await stat(path);
        if (info.isDirectory()) return { input, ok: false, error: `This is a folder, not a file: ${input}` };
        if (info.size > MAX_FILE_BYTES) {
          return {
            input,
            ok: false,
            error: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, so it was not read`,
          };
        }
        bytes = await readFile(path);
      } catch (err) {
        return { input, ok: false, error: fileError(err, input) };
      }
      result = await parseFeed(bytes, { maxBytes: MAX_FILE_BYTES, ...deadline });
    }
    if (!result.ok) return { input, ok: false, error: result.error };
    return {
      input,
      ok: true,
      format: result.format,
      encoding: result.encoding,
      items: result.entries.length,
    };
  } catch (err) {
    return { input, ok: false, error: err instanceof FetchError ? err.message : plainMessage(err) };
  }
}

/** Checks every input in order, writing each line as soon as it is known. Resolves with the exit code. */
export async function checkFeeds(
  inputs: string[],
  options: FeedCheckOptions,
  write: (line: string) => void,
): Promise<number> {
  const fetcher =
    options.fetcher ?? new SafeFetcher({ allowHosts: allowHostsFromEnv(options.env.FETCH_ALLOW_HOSTS) });
  let failed = false;
  for (const input of inputs) {
    const line = await checkFeedInput(input, options, fetcher);
    if (!line.ok) failed = true;
    write(`${JSON.stringify(line)}\n`);
  }
  return failed ? 1 : 0;
}

export function register(program: Command, ctx?: CommandContext): void {
  const feed =
    program.commands.find((c) => c.name() === 'feed') ??
    program.command('feed').description('RSS and Atom feeds');
  feed
    .command('check')
    .description(
      "Parse each feed file or URL with the product's feed code; print one JSON line per input; exit 1 if any was rejected",
    )
    .argument('<inputs...>', 'feed files (relative to where you ran pnpm) or http(s) URLs')
    .action(async (inputs: string[]) => {
      const env = ctx?.io.env ?? process.env;
      const write = ctx ? ctx.io.stdout : (t: string) => void process.stdout.write(t);
      const code = await checkFeeds(inputs, { env }, write);
      if (ctx) ctx.exitCode = code;
      else process.exitCode = code;
    });
}
