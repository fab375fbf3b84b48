import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain: each row's hash covers its own fields and the previous row's
 * hash, so changing or deleting any row breaks every hash after it. Hashing is pure; reading and
 * writing rows is the db package's job.
 */
export interface AuditFields {
  id: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  digest: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys at every depth, so the same change always gives the same digest. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function digestChange(change: unknown): string {
  return createHash('sha256').update(canonicalJson(change)).digest('hex');
}

export function chainHash(prevHash: string, row: AuditFields): string {
  const body = [
    prevHash,
    row.id,
    String(row.seq),
    row.at.toISOString(),
    row.actorId ?? '',
    row.actorLabel,
    row.action,
    row.entityType,
    row.entityId,
    row.digest,
  ].join('\n');
  return createHash('sha256').update(body).digest('hex');
}

export interface ChainRow extends AuditFields {
  prevHash: string;
  hash: string;
  change: unknown;
}

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAt: { id: string; seq: number; reason: string } };

/**
 * Checks rows in sequence order. Reports the first row whose digest, link or hash does not hold,
 * or a gap in the sequence (a deleted row).
 */
export function verifyChain(
  rows: Iterable<ChainRow>,
  start?: { prevHash: string; seq: number },
): ChainVerdict {
  let prev = start?.prevHash ?? GENESIS_HASH;
  let expectedSeq = start ? start.seq + 1 : 1;
  let count = 0;
  for (const row of rows) {
    count++;
    const fail = (reason: string): ChainVerdict => ({
      ok: false,
      rows: count,
      brokenAt: { id: row.id, seq: row.seq, reason },
    });
    if (row.seq !== expectedSeq)
      return fail(`sequence jumps from ${expectedSeq - 1} to ${row.seq}: a row is missing`);
    if (row.prevHash !== prev) return fail('its link to the previous row does not match');
    if (digestChange(row.change) !== row.digest) return fail('its recorded change does not match its digest');
    if (chainHash(prev, row) !== row.hash) return fail('its hash does not match its contents');
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, rows: count };
}
