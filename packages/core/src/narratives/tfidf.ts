import { cleanText } from '../classifier/features.js';
import { naturalWords, stem } from '../text/natural.js';

/**
 * TF-IDF cosine similarity for "signals like these": the narrative's posts make one query vector
 * (the sum of their TF-IDF vectors), each candidate post its own; the document frequencies come
 * from the query posts and the candidates together, which is the corpus the analyst is looking at.
 * Pure and small: a few hundred short posts per call.
 */

// Words that carry no story. English only, like the rest of the workbench's defaults; the
// placeholders come from cleanText (URLs and @mentions).
const STOP = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing down during each few for from further get ' +
    'got had has have having he her here hers him his how i if in into is it its just me more most my ' +
    'no nor not now of off on once only or other our ours out over own same she should so some such ' +
    'than that the their theirs them then there these they this those through to too under until up ' +
    'very was we were what when where which while who whom why will with would you your yours ' +
    'urltoken mentiontoken amp rt via'
  ).split(' '),
);

/** The terms of a text: cleaned, tokenised, stop words and one- or two-letter words dropped, stemmed. */
export function tfidfTerms(text: string, surfaces?: Map<string, string>): string[] {
  const out: string[] = [];
  for (const w of naturalWords(cleanText(text))) {
    const lower = w.toLowerCase();
    if (lower.length < 3 || STOP.has(lower) || /^\d+$/.test(lower)) continue;
    const s = stem(lower);
    // The first word seen for a stem is how the stem is shown to a person ("hotels", not "hotel").
    if (surfaces && !surfaces.has(s)) surfaces.set(s, lower);
    out.push(s);
  }
  return out;
}

export type SparseVector = Map<string, number>;

function counts(terms: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1, so no term weighs zero. */
export function inverseDocumentFrequency(docs: ReadonlyArray<readonly string[]>): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, f] of df) idf.set(t, Math.log((1 + n) / (1 + f)) + 1);
  return idf;
}

/** Sublinear term frequency (1 + ln tf) times idf, L2-normalised. */
export function tfidfVector(terms: readonly string[], idf: ReadonlyMap<string, number>): SparseVector {
  const v: SparseVector = new Map();
  let norm = 0;
  for (const [t, tf] of counts(terms)) {
    const w = (1 + Math.log(tf)) * (idf.get(t) ?? 1);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  for (const w of a.values()) na += w * w;
  for (const w of b.values()) nb += w * w;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface SimilarDocument {
  id: string;
  /** Cosine similarity to the query, 0..1. */
  score: number;
  /** The shared words that weigh most (as first written in the candidate), for the "why" shown. */
  sharedTerms: string[];
}

export interface RankOptions {
  /** Drop candidates below this similarity. */
  minScore?: number;
  limit?: number;
}

/**
 * Ranks candidate texts by cosine similarity to a set of query texts (the narrative's posts),
 * best first; ties by id so the order is stable.
 */
export function rankBySimilarity(
  queryTexts: readonly string[],
  candidates: ReadonlyArray<{ id: string; text: string }>,
  options: RankOptions = {},
): SimilarDocument[] {
  const { minScore = 0.1, limit = 20 } = options;
  const queryTerms = queryTexts.map((t) => tfidfTerms(t));
  const surfaces = candidates.map(() => new Map<string, string>());
  const candidateTerms = candidates.map((c, i) => tfidfTerms(c.text, surfaces[i]));
  if (queryTerms.every((q) => q.length === 0)) return [];
  const idf = inverseDocumentFrequency([...queryTerms, ...candidateTerms]);
  const query: SparseVector = new Map();
  for (const q of queryTerms) for (const [t, w] of tfidfVector(q, idf)) query.set(t, (query.get(t) ?? 0) + w);
  const out: SimilarDocument[] = [];
  candidates.forEach((c, i) => {
    const v = tfidfVector(candidateTerms[i]!, idf);
    const score = cosine(query, v);
    if (score < minScore) return;
    const shared = [...v.keys()]
      .filter((t) => query.has(t))
      .sort((a, b) => v.get(b)! * query.get(b)! - v.get(a)! * query.get(a)! || (a < b ? -1 : 1))
      .slice(0, 5)
      .map((t) => surfaces[i]!.get(t) ?? t);
    out.push({ id: c.id, score, sharedTerms: shared });
  });
  out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return out.slice(0, limit);
}
