import {
  canonicalJson,
  chainHash,
  digestChange,
  GENESIS_HASH,
  newId,
  verifyChain,
  type ChainRow,
  type ChainVerdict,
} from '@counterpoint/core';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { auditLog } from './schema/audit.js';

/** Who did something: a person, or the system acting on a schedule. */
export interface Actor {
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  change: unknown;
}

// One key for the whole chain: appends are serialised so that `seq` stays dense and each row links
// to the one before. The lock is taken at the end of a mutation's transaction, so it is held briefly.
const CHAIN_LOCK = 0x636f_756e; // "coun"

/** Appends one row to the audit chain inside the caller's transaction. */
export async function appendAudit(
  tx: Db,
  actor: Actor,
  entry: AuditEntry,
  at: Date = new Date(),
): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const change = JSON.parse(canonicalJson(entry.change)) as unknown;
  const row = {
    id: newId('audit', at.getTime()),
    seq: (last?.seq ?? 0) + 1,
    at,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    digest: digestChange(change),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, row);
  await tx.insert(auditLog).values({ ...row, change, prevHash, hash });
  return row.id;
}

/**
 * Runs a mutation and its audit row in one transaction: either both are stored or neither is.
 * The mutation returns its result and the audit entries that describe it.
 */
export async function mutate<T>(
  db: Db,
  actor: Actor,
  work: (tx: Db) => Promise<{ result: T; audit: AuditEntry | AuditEntry[] }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const { result, audit } = await work(tx);
    for (const entry of Array.isArray(audit) ? audit : [audit]) await appendAudit(tx, actor, entry);
    return result;
  });
}

/** Walks the whole chain in pages and names the first broken row. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainVerdict> {
  let start: { prevHash: string; seq: number } | undefined;
  let total = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, start?.seq ?? 0))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    if (page.length === 0) return { ok: true, rows: total };
    const verdict = verifyChain(page as ChainRow[], start);
    if (!verdict.ok) return { ...verdict, rows: total + verdict.rows };
    total += page.length;
    const last = page[page.length - 1]!;
    start = { prevHash: last.hash, seq: last.seq };
  }
}
