import { newId } from '@counterpoint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../queries/users.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { clusters, items } from './items.js';
import { sources } from './sources.js';
import { signals } from './triage.js';

describe('schema constraints', () => {
  let d: TestDatabase;
  let sourceId: string;
  beforeAll(async () => {
    d = await createTestDatabase();
    sourceId = newId('source');
    await d.db.insert(sources).values({ id: sourceId, kind: 'rss', name: 'Test feed' });
  });
  afterAll(async () => {
    await d.drop();
  });

  const item = (externalId: string) => ({
    id: newId('item'),
    sourceId,
    platform: 'rss',
    externalId,
    text: 'hello',
    textHash: 'h',
    simhashHi: -1,
    simhashLo: 7,
    band0: 0,
    band1: 65_535,
    band2: 2,
    band3: 3,
  });

  it('stores an item once per (source, external id)', async () => {
    await d.db.insert(items).values(item('post-1'));
    const error = await d.db
      .insert(items)
      .values(item('post-1'))
      .then(() => null)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    // The ingest path relies on this to skip copies without failing the batch.
    const skipped = await d.db.insert(items).values(item('post-1')).onConflictDoNothing().returning();
    expect(skipped).toHaveLength(0);
  });

  it('allows one signal per cluster and rejects an unknown status', async () => {
    const clusterId = newId('cluster');
    const [stored] = await d.db.select({ id: items.id }).from(items).limit(1);
    await d.db.insert(clusters).values({ id: clusterId, representativeItemId: stored!.id });
    const signal = { clusterId, itemId: stored!.id };
    await d.db.insert(signals).values({ id: newId('signal'), ...signal });
    await expect(d.db.insert(signals).values({ id: newId('signal'), ...signal })).rejects.toThrow();
    await expect(
      d.db.insert(signals).values({ id: newId('signal'), ...signal, status: 'bogus' as 'new' }),
    ).rejects.toThrow();
  });
});
