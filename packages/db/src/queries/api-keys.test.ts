import { isDomainError } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../audit.js';
import { apiKeys } from '../schema/users.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { createApiKey, hashApiKey, revokeApiKey, touchApiKey, verifyApiKey } from './api-keys.js';
import { createSource } from './sources.js';

const ADMIN: Actor = { id: null, label: 'test' };

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isDomainError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('API keys', () => {
  let d: TestDatabase;
  let sourceId: string;

  beforeAll(async () => {
    d = await createTestDatabase();
    sourceId = (await createSource(d.db, ADMIN, { kind: 'push', name: 'Partner push' })).id;
  });
  afterAll(async () => {
    await d?.drop();
  });

  it('stores only a hash, and the token verifies for its source', async () => {
    const { key, token } = await createApiKey(d.db, ADMIN, { sourceId, name: 'partner' });
    expect(token).toMatch(/^cp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(token.slice(3, 11)).toBe(key.prefix);
    const [row] = await d.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.hash).toBe(hashApiKey(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(12));
    const verified = await verifyApiKey(d.db, token, 'items:push');
    expect(verified).toMatchObject({ id: key.id, sourceId });
    expect(verified).not.toHaveProperty('hash');
  });

  it('refuses tampered, malformed and revoked keys', async () => {
    const { key, token } = await createApiKey(d.db, ADMIN, { sourceId, name: 'to revoke' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await refusal(verifyApiKey(d.db, token.slice(0, -1) + last, 'items:push'))).toBe(
      'unauthenticated: The API key is not valid.',
    );
    expect(await refusal(verifyApiKey(d.db, 'cp_nothex!!_abc', 'items:push'))).toMatch(/^unauthenticated/);
    expect(await refusal(verifyApiKey(d.db, '', 'items:push'))).toMatch(/^unauthenticated/);
    await revokeApiKey(d.db, ADMIN, key.id);
    expect(await refusal(verifyApiKey(d.db, token, 'items:push'))).toBe(
      'unauthenticated: This API key was revoked.',
    );
  });

  it('refuses an expired key and keys for sources that are not push sources', async () => {
    const { token } = await createApiKey(d.db, ADMIN, {
      sourceId,
      name: 'short-lived',
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await refusal(verifyApiKey(d.db, token, 'items:push'))).toMatch(/expired/);
    const feed = await createSource(d.db, ADMIN, { kind: 'rss', name: 'feed', url: 'https://f.example/' });
    expect(await refusal(createApiKey(d.db, ADMIN, { sourceId: feed.id, name: 'x' }))).toMatch(
      /^invalid_input/,
    );
  });

  it('stamps last use at most once a minute', async () => {
    const { key } = await createApiKey(d.db, ADMIN, { sourceId, name: 'stamped' });
    const t0 = new Date();
    await touchApiKey(d.db, key.id, t0);
    await touchApiKey(d.db, key.id, new Date(t0.getTime() + 1000));
    const [row] = await d.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.lastUsedAt?.getTime()).toBe(t0.getTime());
  });
});
