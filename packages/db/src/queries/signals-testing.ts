import { createHash } from 'node:crypto';
import { bands, MIN_SIMHASH_FEATURES, newId, simhash64, simhashFeatures } from '@counterpoint/core';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { clusters, itemDistricts, items } from '../schema/items.js';
import { lexiconVersions, lexicons, scores } from '../schema/scoring.js';
import { sources } from '../schema/sources.js';
import { signals, type SignalStatus } from '../schema/triage.js';
import { users } from '../schema/users.js';

/**
 * Test and screenshot data: one signal with its item, cluster and score, written directly (no
 * pipeline), so browser tests control exactly what the triage pages show. Not exported from the
 * package index: import `@counterpoint/db/queries/signals-testing`.
 */

export interface TestSignalInput {
  text: string;
  title?: string | null;
  /** Terms to highlight: each phrase's first occurrence in `text` becomes a span. */
  terms?: Array<{ phrase: string; category: string; weight: number; suppressed?: string; termKey?: string }>;
  category?: string | null;
  score?: number;
  uncertain?: boolean;
  status?: SignalStatus;
  /** Set with a dismissed (or closed-after-dismissal) status. */
  dismissReason?: string;
  clusterSize?: number;
  sourceName?: string;
  platform?: string;
  language?: string;
  districtSlugs?: string[];
  mediaUrls?: string[];
  createdAt?: Date;
  author?: string;
}

async function testSource(db: Db, name: string): Promise<string> {
  const [found] = await db.select({ id: sources.id }).from(sources).where(eq(sources.name, name)).limit(1);
  if (found) return found.id;
  const id = newId('source');
  await db.insert(sources).values({ id, kind: 'push', name, url: null });
  return id;
}

async function testLexiconVersion(db: Db): Promise<string> {
  const [found] = await db
    .select({ id: lexiconVersions.id })
    .from(lexiconVersions)
    .orderBy(lexiconVersions.createdAt)
    .limit(1);
  if (found) return found.id;
  const lexiconId = newId('lexicon');
  const versionId = newId('lexiconVersion');
  await db.insert(lexicons).values({ id: lexiconId, slug: 'test', name: 'Test lexicon' });
  await db
    .insert(lexiconVersions)
    .values({ id: versionId, lexiconId, number: 1, status: 'published', publishedAt: new Date() });
  return versionId;
}

export async function createTestSignal(
  db: Db,
  input: TestSignalInput,
): Promise<{ id: string; itemId: string }> {
  const at = input.createdAt ?? new Date();
  const sourceId = await testSource(db, input.sourceName ?? 'Test push source');
  const versionId = await testLexiconVersion(db);
  const clusterId = newId('cluster', at.getTime());
  const itemId = newId('item', at.getTime());
  const hash = createHash('sha256')
    .update(input.text + itemId)
    .digest('hex');
  const fingerprint = simhash64(input.text);
  const band =
    simhashFeatures(input.text).length >= MIN_SIMHASH_FEATURES
      ? bands(fingerprint)
      : ([-1, -1, -1, -1] as const);
  await db.insert(clusters).values({
    id: clusterId,
    size: input.clusterSize ?? 1,
    firstSeenAt: new Date(at.getTime() - 3_600_000 * 5),
    lastSeenAt: at,
  });
  await db.insert(items).values({
    id: itemId,
    sourceId,
    platform: input.platform ?? 'mastodon',
    externalId: itemId,
    url: `https://social.example.org/@x/${itemId}`,
    title: input.title ?? null,
    text: input.text,
    language: input.language ?? 'en',
    publishedAt: at,
    collectedAt: at,
    authorPseudonym: input.author ?? createHash('sha256').update(`author-${itemId}`).digest('hex'),
    mediaUrls: input.mediaUrls ?? [],
    textHash: hash,
    // The real fingerprint, so near-copy lookups see test posts as the pipeline would store them.
    simhashHi: fingerprint.hi,
    simhashLo: fingerprint.lo,
    band0: band[0],
    band1: band[1],
    band2: band[2],
    band3: band[3],
    clusterId,
  });
  await db.update(clusters).set({ representativeItemId: itemId }).where(eq(clusters.id, clusterId));
  for (const slug of input.districtSlugs ?? []) {
    const [d] = await db
      .select({ id: districts.id })
      .from(districts)
      .where(eq(districts.slug, slug))
      .limit(1);
    if (d) await db.insert(itemDistricts).values({ itemId, districtId: d.id, via: 'gazetteer' });
  }
  const lower = input.text.toLowerCase();
  const evidence = (input.terms ?? []).flatMap((t, i) => {
    const start = lower.indexOf(t.phrase.toLowerCase());
    if (start < 0) return [];
    return [
      {
        start,
        end: start + t.phrase.length,
        termId: t.termKey ?? `term-${i}`,
        phrase: t.phrase,
        category: t.category,
        weight: t.weight,
        field: 'text',
        ...(t.suppressed ? { suppressed: t.suppressed } : {}),
      },
    ];
  });
  const score = input.score ?? 65;
  const thresholds = { signal: 60, uncertain: 35 };
  const scoreId = newId('score', at.getTime());
  await db.insert(scores).values({
    id: scoreId,
    itemId,
    lexiconVersionId: versionId,
    modelId: null,
    lexiconScore: score / 100,
    classifierProbability: null,
    category: input.category ?? null,
    score,
    band: input.uncertain ? 'uncertain' : 'signal',
    thresholds,
    evidence,
    features: {
      explanation: {
        formula: 'score = round(100 × L)',
        modelVersion: null,
        thresholds,
        weights: { lexicon: 0.6, classifier: 0.8 },
        lexiconScore: score / 100,
        categoryScores: input.category ? { [input.category]: score / 100 } : {},
        topFeatures: [],
      },
    },
    createdAt: at,
  });
  const id = newId('signal', at.getTime());
  const size = input.clusterSize ?? 1;
  await db.insert(signals).values({
    id,
    clusterId,
    itemId,
    scoreId,
    status: input.status ?? 'new',
    dismissReason: input.dismissReason ?? null,
    priority: score + Math.min(10, 3 * Math.log2(Math.max(1, size))) + (input.uncertain ? 2 : 0),
    category: input.category ?? null,
    uncertain: input.uncertain ?? false,
    createdAt: at,
    updatedAt: at,
  });
  return { id, itemId };
}

/** Sets a person's daily soft limit (the wellbeing prompt's threshold) for a test. */
export async function setTestSoftLimit(db: Db, email: string, limit: number): Promise<void> {
  await db.update(users).set({ dailySoftLimit: limit }).where(eq(users.email, email));
}

/**
 * Further copies of a signal's post in its near-duplicate cluster (same text, districts and
 * source), published and collected at the given times, as the pipeline would add them.
 */
export async function addTestCopies(db: Db, signalId: string, times: readonly Date[]): Promise<void> {
  const [s] = await db.select({ itemId: signals.itemId }).from(signals).where(eq(signals.id, signalId));
  if (!s) throw new Error(`No signal ${signalId}`);
  const [rep] = await db.select().from(items).where(eq(items.id, s.itemId));
  const places = await db.select().from(itemDistricts).where(eq(itemDistricts.itemId, s.itemId));
  for (const at of times) {
    const id = newId('item', at.getTime());
    await db.insert(items).values({
      ...rep!,
      id,
      externalId: id,
      textHash: `${rep!.textHash}-${id}`,
      publishedAt: at,
      collectedAt: at,
      search: null,
    });
    for (const p of places) await db.insert(itemDistricts).values({ ...p, itemId: id });
  }
  // As ingest does: the cluster counts its copies and remembers the latest.
  const latest = Math.max(...times.map((t) => t.getTime()));
  if (times.length > 0 && rep!.clusterId)
    await db
      .update(clusters)
      .set({
        size: sql`${clusters.size} + ${times.length}`,
        lastSeenAt: sql`greatest(${clusters.lastSeenAt}, ${new Date(latest).toISOString()}::timestamptz)`,
      })
      .where(eq(clusters.id, rep!.clusterId));
}
