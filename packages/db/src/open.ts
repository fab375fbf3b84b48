import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** A database handle or an open transaction: every query function takes one of these. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; omitted means in memory (tests). */
  dataDir?: string | undefined;
  /** Connections in the postgres.js pool. */
  max?: number;
  /**
   * For page views (the web app): no parallel query workers. On the two cores the project runs
   * on, starting a worker cost 20-30 ms under load for queries whose work took under a
   * millisecond (docs/performance.md, Workbench); batch jobs keep PostgreSQL's default.
   */
  interactive?: boolean;
}

/**
 * Opens PostgreSQL (production) or PGlite (embedded). PGlite must only ever be opened by one
 * process: separate processes sharing a data directory silently lose writes (STACK.md trap 9).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connection: {
        application_name: 'counterpoint',
        ...(options.interactive ? { max_parallel_workers_per_gather: '0' } : {}),
      },
    });
    refuseOuterQueriesInTransactions(client);
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () =>
        migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  const pglite = drizzlePglite(client, { schema });
  return {
    db: pglite as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(pglite, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

/** The pool whose transaction callback is running in this async context, while it is open. */
const openTransaction = new AsyncLocalStorage<{ pool: postgres.Sql; open: boolean }>();

/** What a query on the pool inside one of its own transactions is refused with. */
export class OuterQueryInTransactionError extends Error {
  constructor() {
    super(
      'A query on the database pool was made inside a transaction on the same pool: pass the ' +
        'transaction handle (tx) instead. With every connection held by such a transaction, ' +
        'the pool would wait for ever (docs/performance.md, Connection pool).',
    );
    this.name = 'OuterQueryInTransactionError';
  }
}

/**
 * A transaction holds one pooled connection until its callback returns. If the callback waits for a
 * query on the pool itself (the outer `db` instead of `tx`), that query needs a second connection;
 * with as many such requests in flight as the pool has connections, each holds one and waits for
 * another, and the process stops answering for good. Such a query is refused at once instead, so
 * the mistake fails its first test rather than freezing a busy server.
 * `idle_in_transaction_session_timeout` was not used for this: postgres.js carries on the abandoned
 * callback's later statements on the reconnected connection outside any transaction, so a timeout
 * would half-apply the change.
 */
function refuseOuterQueriesInTransactions(pool: postgres.Sql): void {
  const begin = pool.begin.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const unsafe = pool.unsafe.bind(pool);
  const refuseInside = () => {
    const current = openTransaction.getStore();
    if (current?.open && current.pool === pool) throw new OuterQueryInTransactionError();
  };
  pool.unsafe = ((...args: Parameters<typeof unsafe>) => {
    refuseInside();
    return unsafe(...args);
  }) as typeof pool.unsafe;
  pool.begin = ((...args: unknown[]) => {
    refuseInside();
    const work = args.pop() as (tx: unknown) => unknown;
    const mark = { pool, open: true };
    return begin(...args, (tx: unknown) => openTransaction.run(mark, () => work(tx))).finally(() => {
      // Work the callback left running after the transaction ended may use the pool again.
      mark.open = false;
    });
  }) as typeof pool.begin;
}

/** Rows of a raw `db.execute()` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}
