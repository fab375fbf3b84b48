import {
  canonicalJson,
  chainHash,
  digestChange,
  GENESIS_HASH,
  newId,
  type ChainVerdict,
} from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { lastAuditEntry, walk, WALK_PAGE } from './queries/audit-walk.js';
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
  const last = await lastAuditEntry(tx);
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
export async function verifyAuditChain(db: Db, pageSize = WALK_PAGE): Promise<ChainVerdict> {
  const walked = await walk(db, { start: undefined, pageSize });
  if (!walked.broken) return { ok: true, rows: walked.checked };
  // `rows` counts the broken row too, as verifyChain does.
  return { ok: false, rows: walked.checked + 1, brokenAt: walked.broken };
}
