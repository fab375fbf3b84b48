import { newId } from '@counterpoint/core';
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { clusters, items } from '../schema/items.js';
import { lexicons, lexiconTerms, lexiconVersions } from '../schema/scoring.js';
import { intArray, jsonArray, textArray } from './ingest-arrays.js';
import { gazetteerDistrictsInsert, insertGazetteerDistricts } from './localities.js';

export type LexiconTermRow = typeof lexiconTerms.$inferSelect;

export interface ActiveLexicon {
  versionId: string;
  number: number;
  terms: LexiconTermRow[];
}

/**
 * The terms of the active version of the first lexicon with one. Scoring compiles these once per
 * version id and keeps the compiled form until the active version changes.
 */
export async function activeLexicon(db: Db): Promise<ActiveLexicon | null> {
  const [lex] = await db
    .select({ versionId: lexiconVersions.id, number: lexiconVersions.number })
    .from(lexicons)
    .innerJoin(lexiconVersions, eq(lexiconVersions.id, lexicons.activeVersionId))
    .where(isNotNull(lexicons.activeVersionId))
    .orderBy(asc(lexicons.createdAt))
    .limit(1);
  if (!lex) return null;
  const terms = await db
    .select()
    .from(lexiconTerms)
    .where(eq(lexiconTerms.versionId, lex.versionId))
    .orderBy(asc(lexiconTerms.termKey));
  return { ...lex, terms };
}

/** Just the id of the active lexicon version: a cheap check before reusing a compiled lexicon. */
export async function activeLexiconVersionId(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ id: lexicons.activeVersionId })
    .from(lexicons)
    .where(isNotNull(lexicons.activeVersionId))
    .orderBy(asc(lexicons.createdAt))
    .limit(1);
  return row?.id ?? null;
}

export interface ItemToScore {
  id: string;
  clusterId: string | null;
  title: string | null;
  text: string;
  /** Null when ingest left it undetected (the item scored below the uncertain band then). */
  language: string | null;
  collectedAt: Date;
  clusterSize: number;
}

export async function itemsToScore(db: Db, ids: readonly string[]): Promise<ItemToScore[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: items.id,
      clusterId: items.clusterId,
      title: items.title,
      text: items.text,
      language: items.language,
      collectedAt: items.collectedAt,
      clusterSize: sql<number>`coalesce(${clusters.size}, 1)`.mapWith(Number),
    })
    .from(items)
    .leftJoin(clusters, eq(clusters.id, items.clusterId))
    .where(inArray(items.id, [...ids]));
}

export interface NewScore {
  itemId: string;
  clusterId: string | null;
  lexiconVersionId: string;
  modelId: string | null;
  lexiconScore: number;
  classifierProbability: number | null;
  category: string | null;
  score: number;
  band: 'signal' | 'uncertain' | 'below';
  thresholds: { signal: number; uncertain: number };
  evidence: Array<Record<string, unknown>>;
  features: Record<string, unknown>;
  /** Queue order for a signal made from this score (higher first). */
  priority: number;
  /** Districts the gazetteer found in the item's text: stored (via 'gazetteer') with the score. */
  districtIds?: readonly string[];
  /** The item's language, detected now because it may become a signal: stored if it had none. */
  itemLanguage?: string;
}

export interface StoreScoresResult {
  scored: number;
  signalsCreated: string[];
  signalsUpdated: number;
}

/** A score before it is tied to a stored item: what scoring a text yields. */
export type ScoreDraft = Omit<NewScore, 'itemId' | 'clusterId' | 'priority' | 'itemLanguage'>;

export interface WrittenScores {
  result: StoreScoresResult;
  /** What the audit row records for these scores, or null when none was stored. */
  change: {
    scored: number;
    bands: Record<string, number>;
    signalsCreated: string[];
    signalsUpdated: number;
  } | null;
  /** The first new score's id: names the batch in the audit row. */
  batchId: string | null;
}

const NO_SCORES: WrittenScores = {
  result: { scored: 0, signalsCreated: [], signalsUpdated: 0 },
  change: null,
  batchId: null,
};

function scoresInsert(rows: readonly NewScore[], ids: readonly string[]): SQL {
  return sql`
    insert into scores (id, item_id, lexicon_version_id, model_id, lexicon_score, classifier_probability,
      category, score, band, thresholds, evidence, features)
    select * from unnest(${textArray(ids)}::text[], ${textArray(rows.map((r) => r.itemId))}::text[],
      ${textArray(rows.map((r) => r.lexiconVersionId))}::text[], ${textArray(rows.map((r) => r.modelId))}::text[],
      ${textArray(rows.map((r) => String(r.lexiconScore)))}::real[],
      ${textArray(rows.map((r) => (r.classifierProbability === null ? null : String(r.classifierProbability))))}::real[],
      ${textArray(rows.map((r) => r.category))}::text[], ${intArray(rows.map((r) => r.score))}::int4[],
      ${textArray(rows.map((r) => r.band))}::text[], ${jsonArray(rows.map((r) => r.thresholds))}::jsonb[],
      ${jsonArray(rows.map((r) => r.evidence))}::jsonb[], ${jsonArray(rows.map((r) => r.features))}::jsonb[])
    on conflict on constraint scores_provenance_key do nothing
    returning id, item_id`;
}

function placesOf(rows: readonly NewScore[]): { itemId: string; districtId: string }[] {
  return rows.flatMap((r) => (r.districtIds ?? []).map((districtId) => ({ itemId: r.itemId, districtId })));
}

function written(
  rows: readonly NewScore[],
  scoreOf: ReadonlyMap<string, string>,
  signals: readonly { id: string; inserted: boolean }[],
  batchId: string,
): WrittenScores {
  const created = signals.filter((o) => o.inserted).map((o) => o.id);
  const updated = signals.length - created.length;
  const result = { scored: scoreOf.size, signalsCreated: created, signalsUpdated: updated };
  return {
    result,
    batchId,
    change:
      scoreOf.size === 0
        ? null
        : {
            scored: scoreOf.size,
            bands: countBands(rows.filter((r) => scoreOf.has(r.itemId))),
            signalsCreated: created,
            signalsUpdated: updated,
          },
  };
}

/**
 * The scores of items stored by the caller's own transaction, as ONE statement with what to make of
 * its answer: such items have no earlier score, so every score is stored, and scores, places and
 * signals go together (foreign keys are checked at the end of the statement). Their language was
 * stored with them, so `itemLanguage` is not read. The ingest write builds it before it stores
 * the items and sends it once they are stored, under its lock.
 */
export function newItemScores(rows: readonly NewScore[]): {
  statement: SQL | null;
  finish: (answer: unknown) => WrittenScores;
} {
  if (rows.length === 0) return { statement: null, finish: () => NO_SCORES };
  const ids = rows.map(() => newId('score'));
  const scoreOf = new Map(rows.map((r, k) => [r.itemId, ids[k]!]));
  const candidates = signalCandidates(rows, scoreOf);
  return {
    statement: sql`
      with new_scores as (${scoresInsert(rows, ids)}), new_places as (${gazetteerDistrictsInsert(placesOf(rows))})
      ${candidates.length > 0 ? upsertSignals(candidates) : sql`select null::text as id, false as inserted where false`}`,
    finish: (answer) => written(rows, scoreOf, rowsOf<{ id: string; inserted: boolean }>(answer), ids[0]!),
  };
}

/**
 * Stores a batch of scores for stored items (re-scoring) and turns those at or above the uncertain
 * band into signals, one per near-duplicate cluster, inside the caller's transaction; an item's
 * earlier current score is marked superseded, and a language detected now is stored where none
 * was. Items stored by the same transaction use `newItemScores`.
 */
export async function writeScores(tx: Db, rows: readonly NewScore[]): Promise<WrittenScores> {
  if (rows.length === 0) return NO_SCORES;
  const ids = rows.map(() => newId('score'));
  const stored = rowsOf<{ id: string; item_id: string }>(await tx.execute(scoresInsert(rows, ids)));
  const scoreOf = new Map(stored.map((s) => [s.item_id, s.id]));
  await insertGazetteerDistricts(tx, placesOf(rows));
  const candidates = signalCandidates(rows, scoreOf);
  const signals =
    candidates.length > 0
      ? rowsOf<{ id: string; inserted: boolean }>(await tx.execute(upsertSignals(candidates)))
      : [];
  await tx.execute(sql`
    update scores set current = false
    where item_id = any(${textArray([...scoreOf.keys()])}::text[]) and current
      and not (id = any(${textArray([...scoreOf.values()])}::text[]))`);
  const languages = rows.filter((r) => r.itemLanguage);
  if (languages.length > 0) {
    await tx.execute(sql`
      update items set language = u.language
      from unnest(${textArray(languages.map((r) => r.itemId))}::text[],
        ${textArray(languages.map((r) => r.itemLanguage))}::text[]) as u(id, language)
      where items.id = u.id and items.language is null`);
  }
  return written(rows, scoreOf, signals, ids[0]!);
}

type SignalCandidate = NewScore & { scoreId: string };

/** The best new score per cluster, at or above the uncertain band: it becomes (or raises) that cluster's signal. */
function signalCandidates(
  rows: readonly NewScore[],
  scoreOf: ReadonlyMap<string, string>,
): SignalCandidate[] {
  const best = new Map<string, SignalCandidate>();
  for (const r of rows) {
    const scoreId = scoreOf.get(r.itemId);
    if (!scoreId || r.band === 'below' || !r.clusterId) continue;
    const prev = best.get(r.clusterId);
    if (!prev || r.priority > prev.priority) best.set(r.clusterId, { ...r, scoreId });
  }
  return [...best.values()];
}

function upsertSignals(candidates: readonly SignalCandidate[]): SQL {
  const signalIds = candidates.map(() => newId('signal'));
  return sql`
    insert into signals (id, cluster_id, item_id, score_id, priority, category, uncertain)
    select * from unnest(${textArray(signalIds)}::text[], ${textArray(candidates.map((c) => c.clusterId))}::text[],
      ${textArray(candidates.map((c) => c.itemId))}::text[], ${textArray(candidates.map((c) => c.scoreId))}::text[],
      ${textArray(candidates.map((c) => String(c.priority)))}::real[],
      ${textArray(candidates.map((c) => c.category))}::text[],
      ${textArray(candidates.map((c) => String(c.band === 'uncertain')))}::boolean[])
    on conflict (cluster_id) do update set
      priority = greatest(signals.priority, excluded.priority),
      score_id = case when excluded.priority > signals.priority then excluded.score_id else signals.score_id end,
      category = coalesce(signals.category, excluded.category),
      updated_at = now()
    returning id, (xmax = 0) as inserted`;
}

/**
 * Stores a batch of scores for items stored earlier (re-scoring after a lexicon or model change),
 * with their signals, in one transaction. Idempotent: the provenance key (item, lexicon version,
 * model) makes a re-run store nothing twice, and a cluster's signal is created once and afterwards
 * only raised in priority. Items that score below the threshold are kept for trends only.
 * One audit row per batch lists the signals it created.
 */
export async function storeScores(db: Db, rows: readonly NewScore[]): Promise<StoreScoresResult> {
  if (rows.length === 0) return { scored: 0, signalsCreated: [], signalsUpdated: 0 };
  return mutate(db, SYSTEM_ACTOR, async (tx) => {
    const { result, change, batchId } = await writeScores(tx, rows);
    return {
      result,
      audit: change ? { action: 'scores.stored', entityType: 'score_batch', entityId: batchId!, change } : [],
    };
  });
}

function countBands(rows: readonly NewScore[]): Record<string, number> {
  const out: Record<string, number> = { signal: 0, uncertain: 0, below: 0 };
  for (const r of rows) out[r.band] = (out[r.band] ?? 0) + 1;
  return out;
}

/**
 * Of one source's items with these external ids, those without any score yet. A retried ingest job
 * uses it: when the first attempt stored the items but died before queueing their scoring, the
 * retry stores nothing new, so it must queue scoring for what the first attempt left unscored.
 */
export async function unscoredItemIdsFor(
  db: Db,
  sourceId: string,
  externalIds: readonly string[],
): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.sourceId, sourceId),
        inArray(items.externalId, [...externalIds]),
        sql`not exists (select 1 from scores s where s.item_id = ${items.id})`,
      ),
    );
  return rows.map((r) => r.id);
}
