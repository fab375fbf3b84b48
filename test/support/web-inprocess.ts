import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestDatabase } from '@counterpoint/db/testing';
import { createWebDatabase, webEnvironment } from './web-server.js';

/**
 * The BUILT web app (SvelteKit's server output, the code adapter-node wraps) answering requests in
 * the test's own process: `Server.respond` with a `Request`, no socket. For suites that send tens of
 * thousands of requests (hostile input), where a round trip through HTTP would cost more than the
 * answer. What it leaves out is adapter-node's own layer (body size limit, socket handling): the
 * socket-level suites start the real server with `startWebServer`.
 */

// WEB_SERVER_OUTPUT names another copy of that output (a directory under apps/web), for a long run
// that must not pick up a half-finished rebuild.
const OUTPUT = process.env.WEB_SERVER_OUTPUT
  ? `${process.env.WEB_SERVER_OUTPUT.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../apps/web/.svelte-kit/output/server/', import.meta.url));
// Private copies live beside the output, so the app's bare imports still find apps/web/node_modules.
const COPIES = fileURLToPath(new URL('../../apps/web/.svelte-kit/in-process/', import.meta.url));

export interface InProcessWeb {
  /** The origin requests are addressed to; the app trusts it as its own (ORIGIN). */
  url: string;
  db: TestDatabase;
  /** Answers one request the way the running server would. */
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

interface KitServer {
  init(options: { env: Record<string, string | undefined> }): Promise<void>;
  respond(request: Request, options: { getClientAddress(): string }): Promise<Response>;
}

let started = false;

export async function startWebInProcess(options: { demo?: boolean } = {}): Promise<InProcessWeb> {
  // The app reads its configuration from process.env once per process, so one app per test file.
  if (started) throw new Error('startWebInProcess: one in-process web app per test file.');
  if (!existsSync(`${OUTPUT}index.js`))
    throw new Error(
      'apps/web/.svelte-kit/output is missing: run `pnpm --filter @counterpoint/web build` first.',
    );
  started = true;
  // SvelteKit loads each page's code on first use. Others rebuilding the app while a long suite
  // runs would swap those files underneath it, so the suite answers from its own copy.
  const copy = `${COPIES}${process.pid}-${randomBytes(4).toString('hex')}/`;
  cpSync(OUTPUT, copy, { recursive: true });
  if (!existsSync(`${copy}index.js`) || !existsSync(`${copy}manifest.js`)) {
    rmSync(copy, { recursive: true, force: true });
    throw new Error('apps/web/.svelte-kit/output was being rebuilt: run again once the build is done.');
  }
  const url = 'http://127.0.0.1:5173';
  const db = await createWebDatabase(options);
  const { env } = webEnvironment(db, url);
  Object.assign(process.env, env);
  const { Server } = (await import(pathToFileURL(`${copy}index.js`).href)) as {
    Server: new (manifest: unknown) => KitServer;
  };
  const { manifest } = (await import(pathToFileURL(`${copy}manifest.js`).href)) as { manifest: unknown };
  const server = new Server(manifest);
  await server.init({ env: process.env });
  return {
    url,
    db,
    fetch: (input, init) => {
      const request = typeof input === 'string' ? new Request(new URL(input, url), init) : input;
      return server.respond(request, { getClientAddress: () => '127.0.0.1' });
    },
    async stop() {
      // The app closes its database pool and queue connections on this signal (db.ts, queues.ts).
      (process as NodeJS.EventEmitter).emit('sveltekit:shutdown', 'test');
      await new Promise((r) => setTimeout(r, 200));
      await db.drop();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}
