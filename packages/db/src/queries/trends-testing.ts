import { newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { clusters, itemDistricts, items } from '../schema/items.js';
import { lexiconVersions, lexicons, scores } from '../schema/scoring.js';
import { sources } from '../schema/sources.js';
import { signals } from '../schema/triage.js';

/**
 * Test and screenshot data for trends: scored posts (and a share of them as signals) spread over
 * days, categories and districts, written in bulk without the pipeline. Not exported from the
 * package index: import `@counterpoint/db/queries/trends-testing`.
 */

export interface PlantedPosts {
  /** When the post was published. */
  at: Date;
  category: string;
  /** null: a post no district could be found for. */
  districtId: string | null;
  count: number;
  /** Raise a signal for every nth post (0: none). */
  signalEvery?: number;
}

async function fixtureSource(db: Db): Promise<{ sourceId: string; versionId: string }> {
  const name = 'Trend fixture source';
  let [source] = await db.select({ id: sources.id }).from(sources).where(eq(sources.name, name)).limit(1);
  if (!source) {
    source = { id: newId('source') };
    await db.insert(sources).values({ id: source.id, kind: 'push', name, url: null });
  }
  let [version] = await db.select({ id: lexiconVersions.id }).from(lexiconVersions).limit(1);
  if (!version) {
    const lexiconId = newId('lexicon');
    version = { id: newId('lexiconVersion') };
    await db.insert(lexicons).values({ id: lexiconId, slug: 'trend-fixture', name: 'Trend fixture lexicon' });
    await db
      .insert(lexiconVersions)
      .values({ id: version.id, lexiconId, number: 1, status: 'published', publishedAt: new Date() });
  }
  return { sourceId: source.id, versionId: version.id };
}

/** Inserts the posts; returns how many items and signals were written. */
export async function plantPosts(
  db: Db,
  batches: readonly PlantedPosts[],
): Promise<{ items: number; signals: number }> {
  const { sourceId, versionId } = await fixtureSource(db);
  const clusterRows: Array<typeof clusters.$inferInsert> = [];
  const itemRows: Array<typeof items.$inferInsert> = [];
  const placeRows: Array<typeof itemDistricts.$inferInsert> = [];
  const scoreRows: Array<typeof scores.$inferInsert> = [];
  const signalRows: Array<typeof signals.$inferInsert> = [];
  for (const b of batches) {
    for (let i = 0; i < b.count; i += 1) {
      const at = new Date(b.at.getTime() + i * 1000);
      const itemId = newId('item', at.getTime());
      const clusterId = newId('cluster', at.getTime());
      clusterRows.push({ id: clusterId, firstSeenAt: at, lastSeenAt: at, size: 1 });
      itemRows.push({
        id: itemId,
        sourceId,
        platform: 'fixture',
        externalId: itemId,
        url: `https://social.example.org/@x/${itemId}`,
        text: `Fixture post about ${b.category}`,
        publishedAt: at,
        collectedAt: at,
        textHash: itemId,
        simhashHi: 0,
        simhashLo: 0,
        band0: -1,
        band1: -1,
        band2: -1,
        band3: -1,
        clusterId,
      });
      if (b.districtId) placeRows.push({ itemId, districtId: b.districtId, via: 'gazetteer' });
      const scoreId = newId('score', at.getTime());
      scoreRows.push({
        id: scoreId,
        itemId,
        lexiconVersionId: versionId,
        lexiconScore: 0.7,
        category: b.category,
        score: 70,
        band: 'signal',
        thresholds: { signal: 60, uncertain: 35 },
        createdAt: at,
      });
      if (b.signalEvery && i % b.signalEvery === 0) {
        signalRows.push({
          id: newId('signal', at.getTime()),
          clusterId,
          itemId,
          scoreId,
          priority: 70,
          category: b.category,
          createdAt: at,
          updatedAt: at,
        });
      }
    }
  }
  const CHUNK = 1000;
  const insertAll = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
  };
  await insertAll(clusterRows, (c) => db.insert(clusters).values(c));
  await insertAll(itemRows, (c) => db.insert(items).values(c));
  await insertAll(placeRows, (c) => db.insert(itemDistricts).values(c));
  await insertAll(scoreRows, (c) => db.insert(scores).values(c));
  await insertAll(signalRows, (c) => db.insert(signals).values(c));
  return { items: itemRows.length, signals: signalRows.length };
}
