import { createHash } from 'node:crypto';
import { foldPlaceText, newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { districts, places } from '../schema/geography.js';
import { clusters, items } from '../schema/items.js';
import { labels } from '../schema/triage.js';
import { sources } from '../schema/sources.js';

/**
 * Test data for lexicon, model and scoring tests: stored items written directly (no pipeline), each
 * in its own cluster. Not exported from the package index: import
 * `@counterpoint/db/queries/lexicon-fixtures`.
 */
export async function insertTestItems(
  db: Db,
  texts: readonly { text: string; title?: string | null; collectedAt?: Date }[],
): Promise<string[]> {
  const name = 'Lexicon test source';
  let [source] = await db.select({ id: sources.id }).from(sources).where(eq(sources.name, name)).limit(1);
  if (!source) {
    source = { id: newId('source') };
    await db.insert(sources).values({ id: source.id, kind: 'push', name, url: null });
  }
  const ids: string[] = [];
  for (const t of texts) {
    const at = t.collectedAt ?? new Date();
    const itemId = newId('item', at.getTime());
    const clusterId = newId('cluster', at.getTime());
    await db.insert(clusters).values({ id: clusterId, size: 1, firstSeenAt: at, lastSeenAt: at });
    await db.insert(items).values({
      id: itemId,
      sourceId: source.id,
      platform: 'test',
      externalId: itemId,
      title: t.title ?? null,
      text: t.text,
      collectedAt: at,
      publishedAt: at,
      textHash: createHash('sha256').update(itemId).digest('hex'),
      simhashHi: 0,
      simhashLo: 0,
      band0: 0,
      band1: 0,
      band2: 0,
      band3: 0,
      clusterId,
    });
    ids.push(itemId);
  }
  return ids;
}

/** Analysts' labels on items (as triage would record them). */
export async function insertTestLabels(
  db: Db,
  userId: string,
  rows: readonly { itemId: string; relevant: boolean; correctedCategory?: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(labels).values(
    rows.map((r) => ({
      id: newId('label'),
      itemId: r.itemId,
      userId,
      relevant: r.relevant,
      correctedCategory: r.correctedCategory ?? null,
    })),
  );
}

/** A county with districts and places (a small gazetteer) for locality tests. */
export async function insertTestGeography(
  db: Db,
  input: {
    districts: readonly { slug: string; name: string }[];
    places: readonly { district: string; name: string; aliases?: string[]; ambiguous?: boolean }[];
  },
): Promise<Map<string, string>> {
  const countyId = newId('district');
  await db
    .insert(districts)
    .values({ id: countyId, tier: 'county', slug: `county-${countyId}`, name: 'Test County' });
  const ids = new Map<string, string>();
  for (const d of input.districts) {
    const id = newId('district');
    ids.set(d.slug, id);
    await db
      .insert(districts)
      .values({ id, parentId: countyId, tier: 'district', slug: d.slug, name: d.name });
  }
  for (const p of input.places) {
    await db.insert(places).values({
      id: newId('place'),
      districtId: ids.get(p.district)!,
      name: p.name,
      normalisedName: foldPlaceText(p.name),
      kind: 'village',
      aliases: p.aliases ?? [],
      ambiguous: p.ambiguous ?? false,
    });
  }
  return ids;
}
