import { sql, type SQL } from 'drizzle-orm';
import { check, customType, date, text, timestamp, type PgColumn } from 'drizzle-orm/pg-core';

/** Shared column builders, so every table spells ids and times the same way. */
export const idColumn = () => text('id').primaryKey();
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => tstz('created_at').notNull().defaultNow();
export const updatedAt = () => tstz('updated_at').notNull().defaultNow();
/** A calendar day (review dates, consent expiry): an ISO `yyyy-mm-dd` string, no time zone. */
export const day = (name: string) => date(name, { mode: 'string' });

/**
 * A stored tsvector. Drizzle has no builder for it; the column is filled by a batch job after
 * ingest, never computed on insert, because full-text indexing is the ingest ceiling.
 */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
});

/**
 * Enumerations are text plus a CHECK rather than pgEnum: adding a value later is a one-line
 * migration that can run inside a transaction, and the TypeScript type comes from the same list.
 */
export function oneOf(name: string, column: PgColumn, values: readonly string[]) {
  const list = sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '));
  return check(name, sql`${column} in (${list})`);
}

/** A CHECK that an integer lies in an inclusive range (ratings 1–5, scores 0–100). */
export function between(name: string, column: PgColumn, low: number, high: number): ReturnType<typeof check> {
  const expr: SQL = sql`${column} between ${sql.raw(String(low))} and ${sql.raw(String(high))}`;
  return check(name, expr);
}
