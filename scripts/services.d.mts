// Types for services.mjs, so TypeScript tests can start private servers of their own.

export function freePort(): Promise<number>;

export interface PrivatePostgres {
  url: string;
  port: number;
  dir: string;
  /** Crash-stops the server (immediate mode), keeping its data. */
  halt(): void;
  /** Starts a halted server again on the same port. */
  resume(): void;
  /** Stops the server and removes its data. */
  stop(): void;
}

export interface PrivateRedis {
  url: string;
  port: number;
  dir: string;
  /** Kills the server with SIGKILL and waits for it to exit, keeping its directory. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port and directory. */
  resume(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): void;
}

/** `durable`: commits survive the server process being killed (synchronous commit on). */
export function startPostgres(options?: { durable?: boolean }): Promise<PrivatePostgres>;
export function startRedis(options?: { appendOnly?: boolean }): Promise<PrivateRedis>;

export function provideServices(): Promise<{
  databaseUrl: string;
  redisUrl: string;
  stop(): void;
  started: { stop(): void }[];
}>;

export function aptInstall(packages: string[], why: string): void;
