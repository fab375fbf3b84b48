import { DomainError, newId, notFound, priorityOf, type SimHash } from '@counterpoint/core';
import { sql, type SQL } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { intArray, jsonArray, nestedTextArray, textArray, timeArray } from './ingest-arrays.js';
import { assignClusters, storedBands } from './ingest-clusters.js';
import { newItemScores, type NewScore, type ScoreDraft } from './scoring.js';
import { isUniqueViolation } from './users.js';

/** A sealed identity as prepared at capture: only ciphertext, never the handle. */
export interface IngestIdentity {
  pseudonym: string;
  platform: string;
  ciphertext: string;
  iv: string;
  tag: string;
  keyVersion: number;
}

/**
 * One item ready to store: normalised, the author already replaced by a pseudonym and a sealed
 * identity, the de-duplication fingerprints computed. Built by the worker's `prepareBatch`.
 */
export interface IngestItem {
  platform: string;
  externalId: string;
  url: string | null;
  title: string | null;
  text: string;
  language: string | null;
  publishedAt: Date | null;
  mediaUrls: string[];
  engagement: Record<string, number> | null;
  authorPseudonym: string | null;
  identity: IngestIdentity | null;
  textHash: string;
  simhash: SimHash;
  /** False for texts too short to compare by SimHash: they match exact copies only. */
  nearDuplicateEligible: boolean;
  /** Districts the item concerns because of its source. */
  districtIds: string[];
  /** The item's score, when scoring ran before the write: stored with the item, in its transaction. */
  score?: ScoreDraft | null;
}

export interface IngestBatch {
  sourceId: string;
  items: readonly IngestItem[];
  actor?: Actor;
  /** When the batch arrived (push API, collector): stored as the items' collected_at, so that
   * arrival-to-score latency can be read back. Defaults to now. */
  collectedAt?: Date;
}

export interface IngestResult {
  /** Items stored by this call. */
  inserted: number;
  /** Items not stored because their external id was already stored for this source, or repeated in the batch. */
  duplicates: number;
  /** New items that joined a cluster through an identical text. */
  exactDuplicates: number;
  /** New items that joined a cluster through a SimHash within the threshold. */
  nearDuplicates: number;
  clusters: { created: number; joined: number };
  insertedIds: string[];
  /** The cluster of each inserted item, aligned with `insertedIds`. */
  clusterIds: string[];
  /** Scores stored with the items (those that came with a `score`), and the signals they made. */
  scored: number;
  signalsCreated: string[];
  signalsUpdated: number;
}

// Ingest transactions are serialised: cluster assignment reads the clusters it then writes, and two
// batches carrying copies of one post must not each start a cluster for it. Every write is bulk, so
// one writer at a time is still thousands of rows a second.
const INGEST_LOCK = 0x696e_6773; // "ings"

function storedConcurrently(): DomainError {
  return new DomainError(
    'conflict',
    'Items of this batch were stored concurrently; the batch will be retried.',
  );
}

function emptyResult(duplicates: number): IngestResult {
  return {
    inserted: 0,
    duplicates,
    exactDuplicates: 0,
    nearDuplicates: 0,
    clusters: { created: 0, joined: 0 },
    insertedIds: [],
    clusterIds: [],
    scored: 0,
    signalsCreated: [],
    signalsUpdated: 0,
  };
}

/**
 * Stores one batch in ONE transaction, idempotently on (source, external id): a retried job or a
 * killed worker re-running the batch stores nothing twice and loses nothing. Every write is one
 * bulk `INSERT … SELECT … FROM unnest(…)`, each column a single array parameter.
 *
 * Before the transaction: external ids already stored are set aside, and identities are upserted by
 * pseudonym (neither depends on other batches in flight). Under the ingest lock: stored copies and
 * near-duplicates are read and each new item gets a cluster (exact copy, near-duplicate by SimHash
 * bands, or a new one); new clusters, items, source districts, joined clusters' sizes and times
 * and the source's health counters go in one statement, and the scored items' scores, gazetteer
 * districts and signals in a second (`newItemScores`). One audit row
 * records the counts for the batch. Storing items and scores together is what makes "every item
 * scored exactly once" hold through a kill: a retry finds the items stored and so stores no score.
 */
export async function ingestBatch(db: Db, batch: IngestBatch): Promise<IngestResult> {
  const { sourceId } = batch;
  const seen = new Set<string>();
  const unique = batch.items.filter((i) => !seen.has(i.externalId) && seen.add(i.externalId));
  const repeats = batch.items.length - unique.length;

  // Read before the transaction and its lock: another batch may store some of these ids
  // meanwhile, which the insert below notices (its conflict clause skips them) and answers by
  // failing the batch for a retry. One unique-index probe per id (the lateral LIMIT makes it so):
  // left to itself, with statistics taken while the table was smaller, the planner read every
  // stored item of the source and filtered them, which grew with the source (54 ms a batch at
  // 60,000 items).
  const [known] = rowsOf<{ source: string | null; stored: string[] | null }>(
    await db.execute(sql`
      select (select id from sources where id = ${sourceId}) as source,
        array(select u.e from unnest(${textArray(unique.map((i) => i.externalId))}::text[]) as u(e)
          cross join lateral (select 1 from items i
            where i.source_id = ${sourceId} and i.external_id = u.e limit 1) as hit) as stored`),
  );
  if (!known?.source) throw notFound('Source', sourceId);
  const storedIds = new Set(known.stored ?? []);
  const fresh = unique.filter((i) => !storedIds.has(i.externalId));
  if (fresh.length === 0) {
    // Nothing new: no cluster to assign, so no lock; the source was still heard from.
    await db.execute(
      sql`update sources set last_success_at = now(), updated_at = now() where id = ${sourceId}`,
    );
    return emptyResult(repeats + unique.length);
  }
  // Identities are stored in their own statement, committed before the batch's transaction: a
  // batch's new authors are often in the next batch too, and that batch would otherwise wait for
  // this whole transaction, lock queue included. Should the batch then fail, its identities stay
  // until the retry uses them or retention removes identities without items.
  await upsertIdentities(db, fresh);

  // The items' columns are written out before the lock: only their clusters wait for it.
  const ids = fresh.map(() => newId('item'));
  const columns = itemColumns(fresh, ids);

  return mutate(db, batch.actor ?? SYSTEM_ACTOR, async (tx) => {
    // Under the lock, every round trip is a wait for every worker: three statements, then the
    // audit row. Each waits for the answer to the one before: sending the lock and the probes
    // together was tried, and the probes then missed clusters the previous batch had committed.
    await tx.execute(sql`select pg_advisory_xact_lock(${INGEST_LOCK})`);
    const assignment = await assignClusters(tx, fresh);
    const createdSet = new Set(assignment.created);
    const stats = clusterStats(fresh, ids, assignment.clusterIds);
    const sizeOf = (clusterId: string) =>
      (assignment.storedSizes.get(clusterId) ?? 0) + (stats.get(clusterId)?.n ?? 0);
    const scoreRows: NewScore[] = [];
    fresh.forEach((item, k) => {
      if (!item.score) return;
      const clusterId = assignment.clusterIds[k]!;
      scoreRows.push({
        ...item.score,
        itemId: ids[k]!,
        clusterId,
        priority: priorityOf(item.score.score, sizeOf(clusterId), item.score.band === 'uncertain'),
      });
    });
    const scores = newItemScores(scoreRows);
    try {
      const stored = await tx.execute(
        storeItemsStatement(sourceId, batch.collectedAt ?? null, columns, assignment, stats, createdSet),
      );
      if (rowsOf<{ id: string }>(stored).length !== fresh.length) throw storedConcurrently();
    } catch (err) {
      // Only a batch that committed after our first read can have stored these ids: the insert
      // then meets them in the unique index. Fail the batch so the job retries, and the retry's
      // first read sets them aside.
      throw isUniqueViolation(err) ? storedConcurrently() : err;
    }
    const scored = scores.finish(scores.statement ? await tx.execute(scores.statement) : []);

    const result: IngestResult = {
      inserted: fresh.length,
      duplicates: repeats + storedIds.size,
      exactDuplicates: assignment.via.filter((v) => v === 'exact').length,
      nearDuplicates: assignment.via.filter((v) => v === 'near').length,
      clusters: { created: assignment.created.length, joined: stats.size - assignment.created.length },
      insertedIds: ids,
      clusterIds: assignment.clusterIds,
      ...scored.result,
    };
    const {
      insertedIds: _ids,
      clusterIds: _clusters,
      scored: _n,
      signalsCreated: _s,
      signalsUpdated: _u,
      ...counts
    } = result;
    // One audit row for the batch, scores included: the chain is appended once per transaction.
    return {
      result,
      audit: {
        action: 'items.ingest',
        entityType: 'source',
        entityId: sourceId,
        change: { batch: batch.items.length, ...counts, ...(scored.change ? { scores: scored.change } : {}) },
      },
    };
  });
}

/** Every column of the new items but their cluster, as unnest arguments, and their source districts. */
interface ItemColumns {
  unnestArgs: SQL;
  placeItems: string;
  placeDistricts: string;
}

function itemColumns(fresh: readonly IngestItem[], ids: readonly string[]): ItemColumns {
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
 * statement. Returns a row per inserted item.
 */
function storeItemsStatement(
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
    select id from new_items`;
}

/**
 * Identities by pseudonym: the first sealed copy is kept; later sightings move last_seen_at, at most
 * hourly, so a prolific author does not rewrite their identity row in every batch. This runs outside
 * the ingest lock, while other batches do the same, so it locks as little as it can, in one order:
 * known identities are skipped without a row lock (an `on conflict do update` would lock each
 * one until commit, whatever its WHERE says), only stale ones are updated, and rows are taken in
 * pseudonym order so that two batches sharing authors queue rather than deadlock.
 */
async function upsertIdentities(tx: Db, items: readonly IngestItem[]): Promise<void> {
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

interface ClusterStat {
  n: number;
  first: Date;
  last: Date;
  rep: string;
}

/**
 * Per cluster receiving items: how many, first and last sighting (publication time when known,
 * else now) and the first item, which represents a new cluster.
 */
function clusterStats(
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
