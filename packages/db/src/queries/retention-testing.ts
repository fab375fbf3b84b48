import { createHash } from 'node:crypto';
import { newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { contacts } from '../schema/contacts.js';
import { clusters, identities, items } from '../schema/items.js';
import { narratives, narrativeSignals } from '../schema/narratives.js';
import { lexiconVersions, scores } from '../schema/scoring.js';
import { sources } from '../schema/sources.js';

/**
 * Test data for retention: posts that never became signals, identities, contacts and narratives,
 * written directly with chosen dates. Not exported from the package index: import
 * `@counterpoint/db/queries/retention-testing`. Signals come from `createTestSignal`.
 */

export function authorOf(label: string): string {
  return createHash('sha256').update(`retention-author-${label}`).digest('hex');
}

/** A post in a cluster of its own, with a current score (and category, when given), no signal. */
export async function createPlainItem(
  db: Db,
  input: { at: Date; author: string; category?: string | null },
): Promise<string> {
  const [source] = await db.select({ id: sources.id }).from(sources).limit(1);
  const [version] = await db.select({ id: lexiconVersions.id }).from(lexiconVersions).limit(1);
  if (!source || !version) throw new Error('Create one test signal first: it makes the source and lexicon.');
  const clusterId = newId('cluster', input.at.getTime());
  const itemId = newId('item', input.at.getTime());
  await db.insert(clusters).values({ id: clusterId, firstSeenAt: input.at, lastSeenAt: input.at });
  await db.insert(items).values({
    id: itemId,
    sourceId: source.id,
    platform: 'mastodon',
    externalId: itemId,
    text: 'A post that never became a signal',
    publishedAt: input.at,
    collectedAt: input.at,
    authorPseudonym: input.author,
    textHash: itemId,
    simhashHi: 0,
    simhashLo: 0,
    band0: -1,
    band1: -1,
    band2: -1,
    band3: -1,
    clusterId,
  });
  await db.update(clusters).set({ representativeItemId: itemId }).where(eq(clusters.id, clusterId));
  await db.insert(scores).values({
    id: newId('score', input.at.getTime()),
    itemId,
    lexiconVersionId: version.id,
    lexiconScore: 0.2,
    category: input.category ?? null,
    score: 20,
    band: 'below',
    thresholds: { signal: 60, uncertain: 35 },
    createdAt: input.at,
  });
  return itemId;
}

/** The encrypted identity behind a pseudonym (the ciphertext is a stand-in: nothing decrypts it). */
export async function createIdentity(db: Db, pseudonym: string, lastSeenAt: Date): Promise<string> {
  const id = newId('identity', lastSeenAt.getTime());
  await db.insert(identities).values({
    id,
    pseudonym,
    platform: 'mastodon',
    ciphertext: 'c2VhbGVk',
    iv: 'aXY=',
    tag: 'dGFn',
    firstSeenAt: lastSeenAt,
    lastSeenAt,
  });
  return id;
}

export async function createNarrativeWith(db: Db, title: string, signalIds: string[]): Promise<string> {
  const id = newId('narrative');
  await db.insert(narratives).values({ id, title });
  if (signalIds.length > 0)
    await db.insert(narrativeSignals).values(signalIds.map((signalId) => ({ narrativeId: id, signalId })));
  return id;
}

export async function createConsentContact(
  db: Db,
  input: { name: string; expiresOn: string | null; basis?: 'consent' | 'public_task' },
): Promise<string> {
  const id = newId('contact');
  await db.insert(contacts).values({
    id,
    name: input.name,
    email: `${input.name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
    lawfulBasis: input.basis ?? 'consent',
    consentExpiresOn: input.expiresOn,
  });
  return id;
}
