import {
  growthRatio,
  hamming,
  isGrowingCluster,
  PROPOSAL_MIN_RECENT,
  rankBySimilarity,
} from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { textArray } from './ingest-arrays.js';

/**
 * Signals an analyst may want to add to a narrative, and clusters that look like a new narrative.
 * Everything here only suggests: a person adds a signal or creates a narrative.
 */

/** Looser than clustering's 3 bits: the same post reworded a little ("near copy"). */
export const NEAR_COPY_DISTANCE = 10;
/** How far back, and how many recent signals at most, suggestions look through. */
export const SUGGESTION_WINDOW_DAYS = 90;
export const SUGGESTION_POOL = 1000;
const MIN_SIMILARITY = 0.12;
const NO_BAND = -1;

export type SuggestionReason =
  | { kind: 'near_copy'; distance: number }
  | { kind: 'terms'; terms: string[] }
  | { kind: 'similar'; score: number; words: string[] };

export interface SignalSuggestion {
  id: string;
  title: string | null;
  excerpt: string;
  status: string;
  category: string | null;
  createdAt: Date;
  districts: string[];
  reasons: SuggestionReason[];
  /** Orders suggestions only: near copies first, then shared terms and wording. */
  rank: number;
}

interface PostRow {
  signal_id: string;
  title: string | null;
  text: string;
  hi: number;
  lo: number;
  band0: number;
  phrases: string[] | null;
}

// A signal's representative post, its fingerprint and the unsuppressed lexicon phrases its
// current score matched (lower case).
const POST = sql.raw(`
  s.id as signal_id, i.title, i.text, i.simhash_hi as hi, i.simhash_lo as lo, i.band0,
  (select array_agg(distinct lower(e->>'phrase')) from scores sc, jsonb_array_elements(sc.evidence) e
    where sc.id = s.score_id and e->>'suppressed' is null and e->>'phrase' is not null) as phrases`);

export async function suggestSignals(
  db: Db,
  narrativeId: string,
  options: { limit?: number; now?: Date } = {},
): Promise<SignalSuggestion[]> {
  const limit = options.limit ?? 10;
  const now = (options.now ?? new Date()).toISOString();
  const mine = rowsOf<PostRow>(
    await db.execute(sql`
      select ${POST} from narrative_signals ns
      join signals s on s.id = ns.signal_id join items i on i.id = s.item_id
      where ns.narrative_id = ${narrativeId}
      order by s.created_at desc limit 200`),
  );
  if (mine.length === 0) return [];
  // Recent undecided-or-escalated signals not already here; dismissed and closed ones are done with.
  const pool = rowsOf<PostRow & { status: string; category: string | null; created_at: string }>(
    await db.execute(sql`
      select ${POST}, s.status, s.category, s.created_at
      from signals s join items i on i.id = s.item_id
      where s.status in ('new', 'in_review', 'escalated', 'linked')
        and s.created_at > ${now}::timestamptz - make_interval(days => ${SUGGESTION_WINDOW_DAYS})
        and not exists (select 1 from narrative_signals ns where ns.narrative_id = ${narrativeId} and ns.signal_id = s.id)
      order by s.created_at desc, s.id desc
      limit ${SUGGESTION_POOL}`),
  );
  if (pool.length === 0) return [];

  const phrases = new Set(mine.flatMap((m) => m.phrases ?? []));
  const prints = mine.filter((m) => m.band0 !== NO_BAND).map((m) => ({ hi: m.hi, lo: m.lo }));
  const similar = new Map(
    rankBySimilarity(
      mine.map((m) => `${m.title ?? ''} ${m.text}`),
      pool.map((p) => ({ id: p.signal_id, text: `${p.title ?? ''} ${p.text}` })),
      { minScore: MIN_SIMILARITY, limit: pool.length },
    ).map((r) => [r.id, r]),
  );

  const out: SignalSuggestion[] = [];
  for (const p of pool) {
    const reasons: SuggestionReason[] = [];
    let rank = 0;
    if (p.band0 !== NO_BAND && prints.length) {
      const d = Math.min(...prints.map((h) => hamming(h, { hi: p.hi, lo: p.lo })));
      if (d <= NEAR_COPY_DISTANCE) {
        reasons.push({ kind: 'near_copy', distance: d });
        rank += 2 - d / NEAR_COPY_DISTANCE;
      }
    }
    const shared = (p.phrases ?? []).filter((t) => phrases.has(t)).sort();
    if (shared.length) {
      reasons.push({ kind: 'terms', terms: shared });
      rank += 0.3 * Math.min(3, shared.length);
    }
    const sim = similar.get(p.signal_id);
    if (sim) {
      reasons.push({ kind: 'similar', score: Math.round(sim.score * 100) / 100, words: sim.sharedTerms });
      rank += sim.score;
    }
    if (reasons.length === 0) continue;
    out.push({
      id: p.signal_id,
      title: p.title,
      excerpt: p.text.slice(0, 220),
      status: p.status,
      category: p.category,
      createdAt: new Date(p.created_at),
      districts: [],
      reasons,
      rank,
    });
  }
  out.sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1));
  const top = out.slice(0, limit);
  // Districts only for the few shown, not for the whole pool.
  if (top.length) {
    const places = rowsOf<{ signal_id: string; names: string[] }>(
      await db.execute(sql`
        select s.id as signal_id, array_agg(d.name order by d.name) as names
        from signals s join item_districts idd on idd.item_id = s.item_id join districts d on d.id = idd.district_id
        where s.id = any(${textArray(top.map((t) => t.id))}::text[])
        group by s.id`),
    );
    const byId = new Map(places.map((p) => [p.signal_id, p.names]));
    for (const t of top) t.districts = byId.get(t.id) ?? [];
  }
  return top;
}

export interface NarrativeProposal {
  signalId: string;
  clusterId: string;
  title: string | null;
  excerpt: string;
  category: string | null;
  districts: string[];
  /** Copies collected in the last `days` days, and in the same span before. */
  recent: number;
  previous: number;
  growth: number | null;
}

export const PROPOSAL_DAYS = 7;

/**
 * Near-duplicate clusters that are spreading and belong to no narrative: copies collected in the
 * last 7 days against the 7 before (by collection time, which the index serves), the cluster's
 * signal neither dismissed nor closed nor linked to any narrative. Busiest first.
 */
export async function proposeNarratives(
  db: Db,
  options: { now?: Date; limit?: number } = {},
): Promise<NarrativeProposal[]> {
  const now = (options.now ?? new Date()).toISOString();
  const rows = rowsOf<{
    cluster_id: string;
    recent: number;
    previous: number;
    signal_id: string;
    title: string | null;
    excerpt: string;
    category: string | null;
    districts: string[] | null;
  }>(
    await db.execute(sql`
      with candidates as (
        -- Ingest keeps each cluster's size and last sighting: only a cluster seen this week with
        -- enough copies, whose signal is open and in no narrative, can qualify; that spares counting
        -- every item of the fortnight.
        select cl.id, s.id as signal_id from clusters cl
        join signals s on s.cluster_id = cl.id
        where cl.last_seen_at > ${now}::timestamptz - make_interval(days => ${PROPOSAL_DAYS})
          and cl.size >= ${PROPOSAL_MIN_RECENT}
          and s.status in ('new', 'in_review', 'escalated')
          and not exists (select 1 from narrative_signals ns where ns.signal_id = s.id)
      ),
      counts as (
        select i.cluster_id,
          count(*) filter (where i.collected_at > ${now}::timestamptz - make_interval(days => ${PROPOSAL_DAYS}))::int as recent,
          count(*) filter (where i.collected_at <= ${now}::timestamptz - make_interval(days => ${PROPOSAL_DAYS}))::int as previous
        from candidates c join items i on i.cluster_id = c.id
        where i.collected_at > ${now}::timestamptz - make_interval(days => ${2 * PROPOSAL_DAYS})
          and i.collected_at <= ${now}::timestamptz
        group by i.cluster_id
        having count(*) filter (where i.collected_at > ${now}::timestamptz - make_interval(days => ${PROPOSAL_DAYS})) >= ${PROPOSAL_MIN_RECENT}
      )
      select c.cluster_id, c.recent, c.previous, s.id as signal_id, ri.title, left(ri.text, 220) as excerpt, s.category,
        (select array_agg(d.name order by d.name) from item_districts idd join districts d on d.id = idd.district_id
          where idd.item_id = ri.id) as districts
      from counts c
      join candidates k on k.id = c.cluster_id
      join signals s on s.id = k.signal_id
      join items ri on ri.id = s.item_id
      order by c.recent desc, c.previous asc, s.id
      limit 100`),
  );
  return rows
    .map((r) => ({ recent: Number(r.recent), previous: Number(r.previous), r }))
    .filter((g) => isGrowingCluster(g))
    .slice(0, options.limit ?? 5)
    .map(({ recent, previous, r }) => ({
      signalId: r.signal_id,
      clusterId: r.cluster_id,
      title: r.title,
      excerpt: r.excerpt,
      category: r.category,
      districts: r.districts ?? [],
      recent,
      previous,
      growth: growthRatio({ recent, previous }),
    }));
}
