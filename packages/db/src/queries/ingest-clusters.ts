import { bands, hamming, newId, NEAR_DUPLICATE_DISTANCE, type SimHash } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { intArray, textArray } from './ingest-arrays.js';

/** What cluster assignment needs of each new item. */
export interface ClusterProbe {
  textHash: string;
  simhash: SimHash;
  /** Long enough for its SimHash to be compared (see MIN_SIMHASH_FEATURES). */
  nearDuplicateEligible: boolean;
}

export type ClusterVia = 'new' | 'exact' | 'near';

export interface ClusterAssignment {
  clusterIds: string[];
  via: ClusterVia[];
  /** Clusters created for this batch (not yet inserted). */
  created: string[];
}

interface Candidate {
  clusterId: string;
  distance: number;
}

/** The band value stored for items too short to compare: real bands are 0–65535, so -1 never matches. */
export const NO_BAND = -1;

export function storedBands(p: ClusterProbe): [number, number, number, number] {
  return p.nearDuplicateEligible ? bands(p.simhash) : [NO_BAND, NO_BAND, NO_BAND, NO_BAND];
}

/**
 * Existing near-duplicates of each probe: four equality joins, one per band (each uses its
 * index; an OR of four bands in one join condition defeats the planner), Hamming distance checked
 * in SQL so that only real matches cross the wire, and checked again here.
 */
async function nearCandidates(
  tx: Db,
  probes: readonly ClusterProbe[],
  maxDistance: number,
): Promise<Map<number, Candidate>> {
  const ord: number[] = [];
  const hi: number[] = [];
  const lo: number[] = [];
  const b: number[][] = [[], [], [], []];
  probes.forEach((p, i) => {
    if (!p.nearDuplicateEligible) return;
    ord.push(i);
    hi.push(p.simhash.hi);
    lo.push(p.simhash.lo);
    bands(p.simhash).forEach((v, k) => b[k]!.push(v));
  });
  const best = new Map<number, Candidate>();
  if (ord.length === 0) return best;
  const join = (k: number) => sql`
    select u.ord, i.cluster_id, i.simhash_hi as hi, i.simhash_lo as lo
    from u join items i on i.${sql.raw(`band${k}`)} = u.${sql.raw(`b${k}`)}
    where i.cluster_id is not null
      and bit_count((i.simhash_hi # u.hi)::bit(32)) + bit_count((i.simhash_lo # u.lo)::bit(32)) <= ${maxDistance}`;
  const rows = rowsOf<{ ord: number; cluster_id: string; hi: number; lo: number }>(
    await tx.execute(sql`
      with u as materialized (
        select * from unnest(${intArray(ord)}::int4[], ${intArray(hi)}::int4[], ${intArray(lo)}::int4[],
          ${intArray(b[0]!)}::int4[], ${intArray(b[1]!)}::int4[], ${intArray(b[2]!)}::int4[],
          ${intArray(b[3]!)}::int4[]) as u(ord, hi, lo, b0, b1, b2, b3)
      )
      ${join(0)} union all ${join(1)} union all ${join(2)} union all ${join(3)}`),
  );
  for (const r of rows) {
    const i = Number(r.ord);
    const d = hamming(probes[i]!.simhash, { hi: Number(r.hi), lo: Number(r.lo) });
    if (d > maxDistance) continue;
    const prev = best.get(i);
    if (!prev || d < prev.distance || (d === prev.distance && r.cluster_id < prev.clusterId)) {
      best.set(i, { clusterId: r.cluster_id, distance: d });
    }
  }
  return best;
}

/** The earliest stored item's cluster for each text hash. */
async function exactCandidates(tx: Db, probes: readonly ClusterProbe[]): Promise<Map<string, string>> {
  const hashes = [...new Set(probes.map((p) => p.textHash))];
  const rows = rowsOf<{ text_hash: string; cluster_id: string }>(
    await tx.execute(sql`
      select distinct on (text_hash) text_hash, cluster_id from items
      where text_hash = any(${textArray(hashes)}::text[]) and cluster_id is not null
      order by text_hash, id`),
  );
  return new Map(rows.map((r) => [r.text_hash, r.cluster_id]));
}

/**
 * Chooses a cluster for each new item, in batch order: an exact copy (same text hash) already
 * stored or earlier in the batch; else the nearest near-duplicate (Hamming ≤ maxDistance) stored
 * or earlier in the batch; else a new cluster. An item near two clusters joins the nearer one;
 * clusters are never merged here.
 */
export async function assignClusters(
  tx: Db,
  probes: readonly ClusterProbe[],
  maxDistance = NEAR_DUPLICATE_DISTANCE,
): Promise<ClusterAssignment> {
  // One after the other: a transaction is one connection, whatever the driver.
  const exact = await exactCandidates(tx, probes);
  const near = await nearCandidates(tx, probes, maxDistance);
  const clusterIds: string[] = [];
  const via: ClusterVia[] = [];
  const created: string[] = [];
  const batchByHash = new Map<string, string>();
  const batchBands = [0, 1, 2, 3].map(() => new Map<number, Array<{ h: SimHash; clusterId: string }>>());
  probes.forEach((p, i) => {
    let clusterId = exact.get(p.textHash) ?? batchByHash.get(p.textHash);
    let how: ClusterVia = 'exact';
    if (!clusterId && p.nearDuplicateEligible) {
      let best = near.get(i);
      bands(p.simhash).forEach((v, k) => {
        for (const other of batchBands[k]!.get(v) ?? []) {
          const d = hamming(p.simhash, other.h);
          if (d <= maxDistance && (!best || d < best.distance))
            best = { clusterId: other.clusterId, distance: d };
        }
      });
      clusterId = best?.clusterId;
      how = 'near';
    }
    if (!clusterId) {
      clusterId = newId('cluster');
      created.push(clusterId);
      how = 'new';
    }
    clusterIds.push(clusterId);
    via.push(how);
    if (!batchByHash.has(p.textHash)) batchByHash.set(p.textHash, clusterId);
    if (p.nearDuplicateEligible) {
      bands(p.simhash).forEach((v, k) => {
        const list = batchBands[k]!.get(v);
        if (list) list.push({ h: p.simhash, clusterId: clusterId });
        else batchBands[k]!.set(v, [{ h: p.simhash, clusterId: clusterId }]);
      });
    }
  });
  return { clusterIds, via, created };
}
