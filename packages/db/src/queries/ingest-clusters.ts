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
  /**
   * The stored size of each existing cluster the batch joins, read under the ingest lock. Only
   * ingest changes sizes, so size + joined items is what the write will make it.
   */
  storedSizes: Map<string, number>;
}

interface Candidate {
  clusterId: string;
  distance: number;
}

const CANDIDATES_PER_BAND = 4;

// Written so that no index can serve it: with `cluster_id is not null`, statistics taken while
// most rows lacked a cluster led the planner to walk the cluster index instead of the band or
// hash index, making each probe read every clustered row (seen: 97 s for 20,000 items).
const HAS_CLUSTER = sql.raw(`coalesce(i.cluster_id, '') <> ''`);

/** The band value stored for items too short to compare: real bands are 0–65535, so -1 never matches. */
export const NO_BAND = -1;

export function storedBands(p: ClusterProbe): [number, number, number, number] {
  return p.nearDuplicateEligible ? bands(p.simhash) : [NO_BAND, NO_BAND, NO_BAND, NO_BAND];
}

/**
 * What is stored already for these probes, in ONE statement (it runs under the ingest lock, where
 * every round trip counts): a stored exact copy's cluster for each text hash (any copy: they share
 * one cluster), and for probes without one, near-duplicates in any of the four SimHash bands. One
 * indexed probe per band (an OR of four bands in one join condition defeats the planner), the
 * Hamming distance checked in SQL so that only real matches cross the wire, and checked again here.
 */
async function storedCandidates(
  tx: Db,
  probes: readonly ClusterProbe[],
  maxDistance: number,
): Promise<{ exact: Map<string, string>; near: Map<number, Candidate>; sizes: Map<string, number> }> {
  const hashes = [...new Set(probes.map((p) => p.textHash))];
  const ord: number[] = [];
  const hash: string[] = [];
  const hi: number[] = [];
  const lo: number[] = [];
  const b: number[][] = [[], [], [], []];
  probes.forEach((p, i) => {
    if (!p.nearDuplicateEligible) return;
    ord.push(i);
    hash.push(p.textHash);
    hi.push(p.simhash.hi);
    lo.push(p.simhash.lo);
    bands(p.simhash).forEach((v, k) => b[k]!.push(v));
  });
  // Per probe and band, at most a few matches: a post copied thousands of times must not make
  // every later copy read all of them.
  const band = (k: number) => sql`
    select u.ord, null::text, m.cluster_id, m.hi, m.lo from u cross join lateral (
      select i.cluster_id, i.simhash_hi as hi, i.simhash_lo as lo from items i
      where i.${sql.raw(`band${k}`)} = u.${sql.raw(`b${k}`)} and ${HAS_CLUSTER}
        and bit_count((i.simhash_hi # u.hi)::bit(32)) + bit_count((i.simhash_lo # u.lo)::bit(32)) <= ${maxDistance}
      limit ${CANDIDATES_PER_BAND}) m`;
  const rows = rowsOf<{
    ord: number | null;
    text_hash: string | null;
    cluster_id: string;
    hi: number;
    lo: number;
    size: number;
  }>(
    await tx.execute(sql`
      with h as materialized (
        select u.h, (select i.cluster_id from items i where i.text_hash = u.h and ${HAS_CLUSTER} limit 1) as cluster_id
        from unnest(${textArray(hashes)}::text[]) as u(h)
      ),
      u as materialized (
        -- An item with a stored exact copy joins that copy's cluster: no need to look further.
        select u.* from unnest(${intArray(ord)}::int4[], ${textArray(hash)}::text[], ${intArray(hi)}::int4[],
          ${intArray(lo)}::int4[], ${intArray(b[0]!)}::int4[], ${intArray(b[1]!)}::int4[],
          ${intArray(b[2]!)}::int4[], ${intArray(b[3]!)}::int4[]) as u(ord, h, hi, lo, b0, b1, b2, b3)
        where not exists (select 1 from h where h.h = u.h and h.cluster_id is not null)
      )
      select r.*, c.size from (
        select null::int4 as ord, h.h as text_hash, h.cluster_id, null::int4 as hi, null::int4 as lo
          from h where h.cluster_id is not null
        union all ${band(0)} union all ${band(1)} union all ${band(2)} union all ${band(3)}
      ) as r join clusters c on c.id = r.cluster_id`),
  );
  const exact = new Map<string, string>();
  const near = new Map<number, Candidate>();
  const sizes = new Map<string, number>();
  for (const r of rows) {
    sizes.set(r.cluster_id, Number(r.size));
    if (r.text_hash !== null) {
      exact.set(r.text_hash, r.cluster_id);
      continue;
    }
    const i = Number(r.ord);
    const d = hamming(probes[i]!.simhash, { hi: Number(r.hi), lo: Number(r.lo) });
    if (d > maxDistance) continue;
    const prev = near.get(i);
    if (!prev || d < prev.distance || (d === prev.distance && r.cluster_id < prev.clusterId)) {
      near.set(i, { clusterId: r.cluster_id, distance: d });
    }
  }
  return { exact, near, sizes };
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
  const { exact, near, sizes } = await storedCandidates(tx, probes, maxDistance);
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
  const storedSizes = new Map<string, number>();
  for (const id of clusterIds) if (sizes.has(id)) storedSizes.set(id, sizes.get(id)!);
  return { clusterIds, via, created, storedSizes };
}
