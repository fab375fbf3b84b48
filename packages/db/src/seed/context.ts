import type { AuditEntry } from '../audit.js';
import type { Db } from '../open.js';

/** What the seed steps share: the transaction, the clock, ids by key, and the audit entries so far. */
export interface SeedContext {
  tx: Db;
  now: Date;
  districts: Map<string, string>;
  users: Map<string, string>;
  organisations: Map<string, string>;
  contacts: Map<string, string>;
  sources: Map<string, string>;
  audit: AuditEntry[];
}

/**
 * One audit row per table the seed fills, listing every id it created. A row per entity would add
 * some two hundred chain rows on first start for one system act; a batch row per table keeps each
 * seeded row traceable (its id is in the change) while the chain stays readable.
 */
export function recordSeeded(ctx: SeedContext, entityType: string, ids: readonly string[]): void {
  if (ids.length === 0) return;
  ctx.audit.push({
    action: 'seed.demo',
    entityType,
    entityId: ids.length === 1 ? ids[0]! : `${entityType}:batch`,
    change: { count: ids.length, ids },
  });
}

const DAY_MS = 86_400_000;

/** The calendar day `days` from now, as `yyyy-mm-dd`. */
export function dayFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** An instant `days` from now at a whole hour (UTC; close enough to local time for demo data). */
export function instantFrom(now: Date, days: number, hour: number): Date {
  const d = new Date(now.getTime() + days * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}

export function must(map: Map<string, string>, key: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Demo seed data refers to an unknown key "${key}".`);
  return id;
}
