import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, newId, notFound } from '@counterpoint/core';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { sources } from '../schema/sources.js';
import { apiKeys } from '../schema/users.js';

/** A key as shown to people: never the hash. */
export type ApiKey = Omit<typeof apiKeys.$inferSelect, 'hash'>;

export const API_KEY_SCOPES = ['items:push'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

// cp_<8 hex prefix>_<32 random bytes, base64url>. The prefix tells keys apart in lists and logs and
// finds the row; the whole token is hashed, so a stolen database holds nothing that signs in.
const TOKEN = /^cp_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function hashApiKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const visible = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  sourceId: apiKeys.sourceId,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

export interface NewApiKey {
  sourceId: string;
  name: string;
  scopes?: ApiKeyScope[];
  expiresAt?: Date | null;
}

/**
 * Creates a key for one push source. The token is returned here and nowhere else: only its hash
 * is stored, so it cannot be shown again.
 */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: NewApiKey,
): Promise<{ key: ApiKey; token: string }> {
  const name = input.name.trim();
  if (!name) throw new DomainError('invalid_input', 'A key needs a name.', { field: 'name' });
  const scopes = [...new Set(input.scopes ?? ['items:push'])];
  const bad = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (bad.length > 0 || scopes.length === 0)
    throw new DomainError('invalid_input', `Unknown scope: ${bad.join(', ') || '(none)'}.`, {
      field: 'scopes',
    });
  const prefix = randomBytes(4).toString('hex');
  const token = `cp_${prefix}_${randomBytes(32).toString('base64url')}`;
  const key = await mutate(db, actor, async (tx) => {
    const [source] = await tx
      .select({ id: sources.id, kind: sources.kind })
      .from(sources)
      .where(eq(sources.id, input.sourceId));
    if (!source) throw notFound('Source', input.sourceId);
    if (source.kind !== 'push')
      throw new DomainError(
        'invalid_input',
        `API keys push items to a push source; ${source.id} is a ${source.kind} source.`,
        { field: 'sourceId' },
      );
    const id = newId('apiKey');
    const [row] = await tx
      .insert(apiKeys)
      .values({
        id,
        name,
        prefix,
        hash: hashApiKey(token),
        scopes,
        sourceId: source.id,
        createdBy: actor.id,
        expiresAt: input.expiresAt ?? null,
      })
      .returning(visible);
    return {
      result: row!,
      audit: {
        action: 'api_key.create',
        entityType: 'api_key',
        entityId: id,
        change: { name, prefix, scopes, sourceId: source.id, expiresAt: input.expiresAt ?? null },
      },
    };
  });
  return { key, token };
}

export async function revokeApiKey(db: Db, actor: Actor, id: string, at = new Date()): Promise<ApiKey> {
  return mutate(db, actor, async (tx) => {
    const [before] = await tx.select(visible).from(apiKeys).where(eq(apiKeys.id, id)).for('update');
    if (!before) throw notFound('API key', id);
    if (before.revokedAt) return { result: before, audit: [] };
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(eq(apiKeys.id, id))
      .returning(visible);
    return {
      result: after!,
      audit: {
        action: 'api_key.revoke',
        entityType: 'api_key',
        entityId: id,
        change: { prefix: before.prefix, sourceId: before.sourceId },
      },
    };
  });
}

export function listApiKeys(db: Db, options: { sourceId?: string } = {}): Promise<ApiKey[]> {
  return db
    .select(visible)
    .from(apiKeys)
    .where(options.sourceId ? eq(apiKeys.sourceId, options.sourceId) : undefined)
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * Checks a bearer token for a scope and returns its key. Refusals are domain errors in plain words:
 * 'unauthenticated' for a malformed, unknown, tampered, revoked or expired key, 'forbidden' for a
 * key without the scope. The hash is compared in constant time.
 */
export async function verifyApiKey(
  db: Db,
  token: string,
  scope: ApiKeyScope,
  now = new Date(),
): Promise<ApiKey & { sourceId: string }> {
  const refused = new DomainError('unauthenticated', 'The API key is not valid.');
  const match = TOKEN.exec(token.trim());
  if (!match) throw refused;
  const presented = Buffer.from(hashApiKey(token.trim()), 'hex');
  const candidates = await db
    .select({ ...visible, hash: apiKeys.hash })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, match[1]!));
  // Every candidate is compared so the time taken does not depend on which one matches.
  let found: (typeof candidates)[number] | undefined;
  for (const c of candidates) {
    const stored = Buffer.from(c.hash, 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented)) found = c;
  }
  if (!found) throw refused;
  if (found.revokedAt) throw new DomainError('unauthenticated', 'This API key was revoked.');
  if (found.expiresAt && found.expiresAt <= now)
    throw new DomainError('unauthenticated', 'This API key has expired.');
  if (!found.scopes.includes(scope))
    throw new DomainError('forbidden', `This API key may not do "${scope}".`);
  if (!found.sourceId) throw new DomainError('forbidden', 'This API key is not tied to a source.');
  const { hash: _hash, ...key } = found;
  return { ...key, sourceId: found.sourceId };
}

/**
 * Stamps when a key was last used, at most once a minute: a bookkeeping write, not a change anyone
 * made, so it is not audited (the pushed batches are, by ingestion).
 */
export async function touchApiKey(db: Db, id: string, at = new Date()): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(at.getTime() - 60_000))),
      ),
    );
}
