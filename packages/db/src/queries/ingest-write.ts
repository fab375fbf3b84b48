import { newId } from '@counterpoint/core';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../open.js';
import { intArray, jsonArray, nestedTextArray, textArray, timeArray } from './ingest-arrays.js';
import { storedBands } from './ingest-clusters.js';
import type { IngestIdentity, IngestItem } from './ingest.js';

// The statements of `ingestBatch` (ingest.ts): identities before its transaction, and the one
// statement that stores a batch's items under its lock.

/** Every column of the new items but their cluster, as unnest arguments, and their source districts. */
export interface ItemColumns {
  unnestArgs: SQL;
  placeItems: string;
  placeDistricts: string;
}

export function itemColumns(fresh: readonly IngestItem[], ids: readonly string[]): ItemColumns {
  const b = fresh.map(storedBands);
  const placeItems: string[] = [];
  const placeDistricts: string[] = [];
  fresh.forEach((item, k) => {
    for (const d of new Set(item.districtIds)) {
      placeItems.push(ids[k]!);
      placeDistricts.push(d);
    }
  });
  return {
    unnestArgs: sql`
      ${textArray(ids)}::text[], ${textArray(fresh.map((i) => i.platform))}::text[],
      ${textArray(fresh.map((i) => i.externalId))}::text[], ${textArray(fresh.map((i) => i.url))}::text[],
      ${textArray(fresh.map((i) => i.title))}::text[], ${textArray(fresh.map((i) => i.text))}::text[],
      ${textArray(fresh.map((i) => i.language))}::text[], ${timeArray(fresh.map((i) => i.publishedAt))}::text[],
      ${textArray(fresh.map((i) => i.authorPseudonym))}::text[],
      ${nestedTextArray(fresh.map((i) => i.mediaUrls))}::text[],
      ${jsonArray(fresh.map((i) => i.engagement))}::text[],
      ${textArray(fresh.map((i) => i.textHash))}::text[],
      ${intArray(fresh.map((i) => i.simhash.hi))}::int4[], ${intArray(fresh.map((i) => i.simhash.lo))}::int4[],
      ${intArray(b.map((x) => x[0]))}::int4[], ${intArray(b.map((x) => x[1]))}::int4[],
      ${intArray(b.map((x) => x[2]))}::int4[], ${intArray(b.map((x) => x[3]))}::int4[]`,
    placeItems: textArray(placeItems),
    placeDistricts: textArray(placeDistricts),
  };
}

/**
 * New clusters, the items, their source districts, the joined clusters' sizes and sighting times
 * and the source's counters in ONE statement. New clusters and their items reference each other
 * (a cluster's representative is its first item), and foreign keys are checked at the end of the
 * statement. It inserts every item or fails (a stored id breaks the unique index), so it returns
 * nothing the caller needs.
 */
export function storeItemsStatement(
  sourceId: string,
  collectedAt: Date | null,
  columns: ItemColumns,
  assignment: { clusterIds: string[]; created: string[] },
  stats: Map<string, ClusterStat>,
  createdSet: ReadonlySet<string>,
) {
  const newStats = assignment.created.map((id) => stats.get(id)!);
  const joined = [...stats].filter(([id]) => !createdSet.has(id));
  const joinedStats = joined.map(([, v]) => v);
  return sql`
    with new_clusters as (
      insert into clusters (id, size, first_seen_at, last_seen_at, representative_item_id)
      select * from unnest(${textArray(assignment.created)}::text[], ${intArray(newStats.map((c) => c.n))}::int4[],
        ${timeArray(newStats.map((c) => c.first))}::timestamptz[],
        ${timeArray(newStats.map((c) => c.last))}::timestamptz[], ${textArray(newStats.map((c) => c.rep))}::text[])
    ),
    new_items as (
      insert into items (id, source_id, platform, external_id, url, title, text, language, published_at,
        author_pseudonym, media_urls, engagement, text_hash, simhash_hi, simhash_lo,
        band0, band1, band2, band3, cluster_id, collected_at)
      select u.id, ${sourceId}, u.platform, u.external_id, u.url, u.title, u.text, u.language,
        u.published_at::timestamptz, u.author_pseudonym, u.media_urls::text[], u.engagement::jsonb,
        u.text_hash, u.hi, u.lo, u.b0, u.b1, u.b2, u.b3, u.cluster_id,
        coalesce(${collectedAt?.toISOString() ?? null}::timestamptz, now())
      from unnest(${columns.unnestArgs}, ${textArray(assignment.clusterIds)}::text[]
      ) as u(id, platform, external_id, url, title, text, language, published_at, author_pseudonym,
             media_urls, engagement, text_hash, hi, lo, b0, b1, b2, b3, cluster_id)
      returning id
    ),
    new_places as (
      insert into item_districts (item_id, district_id, via)
      select u.item_id, u.district_id, 'source'
      from unnest(${columns.placeItems}::text[], ${columns.placeDistricts}::text[]) as u(item_id, district_id)
      on conflict do nothing
    ),
    joined as (
      update clusters c set
        size = c.size + u.n,
        first_seen_at = least(c.first_seen_at, u.first),
        last_seen_at = greatest(c.last_seen_at, u.last),
        representative_item_id = coalesce(c.representative_item_id, u.rep)
      from unnest(${textArray(joined.map(([id]) => id))}::text[], ${intArray(joinedStats.map((v) => v.n))}::int4[],
        ${timeArray(joinedStats.map((v) => v.first))}::timestamptz[],
        ${timeArray(joinedStats.map((v) => v.last))}::timestamptz[],
        ${textArray(joinedStats.map((v) => v.rep))}::text[]) as u(id, n, first, last, rep)
      where c.id = u.id
    ),
    counted as (
      update sources set last_success_at = now(), updated_at = now(),
        items_seen = items_seen + (select count(*) from new_items)
      where id = ${sourceId}
    )
    select count(*)::int as stored from new_items`;
}

/**
 * Identities by pseudonym: the first sealed copy is kept; later sightings move last_seen_at, at most
 * hourly, so a prolific author does not rewrite their identity row in every batch. This runs outside
 * the ingest lock, while other batches do the same, so it locks as little as it can, in one order:
 * known identities are skipped without a row lock (an `on conflict do update` would lock each
 * one until commit, whatever its WHERE says), only stale ones are updated, and rows are taken in
 * pseudonym order so that two batches sharing authors queue rather than deadlock.
 */
export async function upsertIdentities(tx: Db, items: readonly IngestItem[]): Promise<void> {
  const byPseudonym = new Map<string, IngestIdentity>();
  for (const i of items)
    if (i.identity && !byPseudonym.has(i.identity.pseudonym))
      byPseudonym.set(i.identity.pseudonym, i.identity);
  if (byPseudonym.size === 0) return;
  const list = [...byPseudonym.values()].sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : 1));
  const pseudonyms = textArray(list.map((i) => i.pseudonym));
  await tx.execute(sql`
    with added as (
      insert into identities (id, pseudonym, platform, ciphertext, iv, tag, key_version)
      select * from unnest(
        ${textArray(list.map(() => newId('identity')))}::text[], ${pseudonyms}::text[],
        ${textArray(list.map((i) => i.platform))}::text[], ${textArray(list.map((i) => i.ciphertext))}::text[],
        ${textArray(list.map((i) => i.iv))}::text[], ${textArray(list.map((i) => i.tag))}::text[],
        ${intArray(list.map((i) => i.keyVersion))}::int4[])
      on conflict (pseudonym) do nothing
    )
    update identities set last_seen_at = now()
    where pseudonym = any(${pseudonyms}::text[]) and last_seen_at < now() - interval '1 hour'`);
}

export interface ClusterStat {
  n: number;
  first: Date;
  last: Date;
  rep: string;
}

/**
 * Per cluster receiving items: how many, first and last sighting (publication time when known,
 * else now) and the first item, which represents a new cluster.
 */
export function clusterStats(
  items: readonly IngestItem[],
  ids: readonly string[],
  clusterIds: readonly string[],
): Map<string, ClusterStat> {
  const now = new Date();
  const stats = new Map<string, ClusterStat>();
  items.forEach((item, k) => {
    const at = item.publishedAt ?? now;
    const c = stats.get(clusterIds[k]!);
    if (!c) stats.set(clusterIds[k]!, { n: 1, first: at, last: at, rep: ids[k]! });
    else {
      c.n++;
      if (at < c.first) c.first = at;
      if (at > c.last) c.last = at;
    }
  });
  return stats;
}
