import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { rowsOf, type Db } from '../open.js';

/**
 * What `bench pipeline` (apps/worker/src/bench) asks of PostgreSQL: throw-away databases for the
 * run, the progress count and, at the end, latency and the check that every post was stored and
 * scored once. Not used by the application.
 */

/** The URL of another database on the same server. */
export function databaseUrlFor(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function checkedName(name: string): string {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  return name;
}

/** Creates empty databases with these names, dropping leftovers of an earlier crashed run first. */
export async function createBenchDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    for (const name of names.map(checkedName)) {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function dropBenchDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    for (const name of names.map(checkedName))
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Every score row in the database (an index-only count; the bench polls it for progress). */
export async function countScoreRows(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from scores`));
  return Number(row?.n ?? 0);
}

export interface PipelineOutcome {
  /** Arrival (collected_at, set from the push API's receivedAt) to the score's created_at. */
  p50LatencyMs: number;
  p95LatencyMs: number;
  storedItems: number;
  /** Items of the source with exactly one score. */
  scoredOnce: number;
  signals: number;
}

export async function pipelineOutcome(db: Db, sourceId: string): Promise<PipelineOutcome> {
  const [lat] = rowsOf<{ p50: number | null; p95: number | null }>(
    await db.execute(sql`
      select percentile_cont(0.5) within group (order by ms) as p50,
             percentile_cont(0.95) within group (order by ms) as p95
      from (select extract(epoch from s.created_at - i.collected_at) * 1000 as ms
            from scores s join items i on i.id = s.item_id where i.source_id = ${sourceId}) x`),
  );
  const [check] = rowsOf<{ stored: number; once: number; signals: number }>(
    await db.execute(sql`
      select (select count(*)::int from items where source_id = ${sourceId}) as stored,
             (select count(*)::int from (
                select i.id from items i join scores s on s.item_id = i.id
                where i.source_id = ${sourceId} group by i.id having count(*) = 1) o) as once,
             (select count(*)::int from signals g join items i on i.id = g.item_id
                where i.source_id = ${sourceId}) as signals`),
  );
  return {
    p50LatencyMs: Math.round(Number(lat?.p50 ?? 0)),
    p95LatencyMs: Math.round(Number(lat?.p95 ?? 0)),
    storedItems: Number(check?.stored ?? 0),
    scoredOnce: Number(check?.once ?? 0),
    signals: Number(check?.signals ?? 0),
  };
}

/** Turns every source off: the bench's own push source is created after. */
export async function disableAllSources(db: Db): Promise<void> {
  await db.execute(sql`update sources set enabled = false`);
}

/** The process id of the PostgreSQL backend serving this (single-connection) handle. */
export async function backendPid(db: Db): Promise<number> {
  const [row] = rowsOf<{ pid: number }>(await db.execute(sql`select pg_backend_pid() as pid`));
  return Number(row?.pid);
}

/** Server process ids of every connection to the current database (their CPU time is read from /proc). */
export async function databaseBackendPids(db: Db): Promise<number[]> {
  const rows = rowsOf<{ pid: number }>(
    await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`),
  );
  return rows.map((r) => Number(r.pid));
}
