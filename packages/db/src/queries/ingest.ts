import { DomainError, newId, notFound, priorityOf, type SimHash } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { textArray } from './ingest-arrays.js';
import { assignClusters } from './ingest-clusters.js';
import { clusterStats, itemColumns, storeItemsStatement, upsertIdentities } from './ingest-write.js';
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
 * districts and signals in a second (`newItemScores`). One audit row records the counts for the
 * batch. Storing items and scores together is what makes "every item
 * scored exactly once" hold through a kill: a retry finds the items stored and so stores no score.
 */
export async function ingestBatch(db: Db, batch: IngestBatch): Promise<IngestResult> {
  const { sourceId } = batch;
  const seen = new Set<string>();
  const unique = batch.items.filter((i) => !seen.has(i.externalId) && seen.add(i.externalId));
  const repeats = batch.items.length - unique.length;

  // Read before the transaction and its lock: another batch may store some of these ids
  // meanwhile, which the insert below meets in the unique index and answers by failing the batch
  // for a retry. One unique-index probe per id (the lateral LIMIT makes it so):
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
      // Every fresh item goes in, or none: there is no conflict clause to skip one.
      await tx.execute(
        storeItemsStatement(sourceId, batch.collectedAt ?? null, columns, assignment, stats, createdSet),
      );
    } catch (err) {
      // Only a batch that committed after our first read can have stored these ids: the insert
      // then meets them in the unique index. Fail the batch so the job retries, and the retry's
      // first read sets them aside.
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError(
        'conflict',
        'Items of this batch were stored concurrently; the batch will be retried.',
      );
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
