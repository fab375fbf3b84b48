import type { TextFeatures } from './features.js';
import { forEachCharGram, wordFeatures } from './features.js';
import { IntMap } from './int-map.js';
import type { SparseVec } from './linear.js';
import type { ClassifierModel } from './model.js';

/**
 * TF-IDF vector with sublinear tf. Word features and character features are l2-normalised as two
 * separate blocks and then joined with equal weight (like a union of two vectorisers): otherwise the
 * many character n-grams of a text drown its few, often decisive, word features.
 */
export interface Vocab {
  readonly words: ReadonlyMap<string, number>;
  readonly chars: ReadonlyMap<number, number>;
}

export function vectorise(
  f: TextFeatures,
  vocab: Vocab,
  idf: ArrayLike<number>,
  wordShare: number,
): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  let normW = 0;
  for (const [name, c] of f.words) {
    const j = vocab.words.get(name);
    if (j === undefined) continue;
    const v = (1 + Math.log(c)) * (idf[j] as number);
    idx.push(j);
    val.push(v);
    normW += v * v;
  }
  const nWords = idx.length;
  let normC = 0;
  for (const [bucket, c] of f.chars) {
    const j = vocab.chars.get(bucket);
    if (j === undefined) continue;
    const v = (1 + Math.log(c)) * (idf[j] as number);
    idx.push(j);
    val.push(v);
    normC += v * v;
  }
  const [invW, invC] = blockScales(normW, normC, wordShare);
  const out = new Float64Array(val.length);
  for (let i = 0; i < val.length; i++) out[i] = (val[i] as number) * (i < nWords ? invW : invC);
  return { idx: Int32Array.from(idx), val: out };
}

/**
 * Multipliers that make the word block and the character block each carry a fixed share of the
 * vector's squared length (`wordShare` for words; all of it when the other block is empty).
 */
function blockScales(normW: number, normC: number, wordShare: number): [number, number] {
  if (normW === 0 && normC === 0) return [0, 0];
  if (normC === 0) return [1 / Math.sqrt(normW), 0];
  if (normW === 0) return [0, 1 / Math.sqrt(normC)];
  return [Math.sqrt(wordShare / normW), Math.sqrt((1 - wordShare) / normC)];
}

interface PredictVocab {
  readonly words: ReadonlyMap<string, number>;
  readonly chars: IntMap;
}

const vocabCache = new WeakMap<ClassifierModel, PredictVocab>();

function vocabOf(model: ClassifierModel): PredictVocab {
  let v = vocabCache.get(model);
  if (!v) {
    const words = new Map<string, number>();
    for (let j = 0; j < model.wordFeatures; j++) words.set(model.vocabulary[j] as string, j);
    const chars = new IntMap(
      model.charBuckets.map((b, i) => [b, model.wordFeatures + i] as const),
      model.charBuckets.length,
    );
    v = { words, chars };
    vocabCache.set(model, v);
  }
  return v;
}

/**
 * The same vector as `vectorise(extractFeatures(…))`, built for prediction without intermediate
 * maps: counts go straight into a scratch array indexed by feature (this is the hot path of scoring).
 */
export function vectoriseForModel(model: ClassifierModel, text: string): SparseVec {
  const vocab = vocabOf(model);
  const D = model.vocabulary.length;
  let scratch = scratchCache.get(model);
  if (!scratch) scratchCache.set(model, (scratch = new Float64Array(D)));
  const counts = scratch;
  const touched: number[] = [];
  const hit = (j: number | undefined): void => {
    if (j === undefined || j < 0) return;
    if (counts[j] === 0) touched.push(j);
    counts[j] = (counts[j] as number) + 1;
  };
  const { words, features } = wordFeatures(text, model.features);
  for (const f of features) hit(vocab.words.get(f));
  forEachCharGram(words, model.features, (b) => hit(vocab.chars.get(b)));
  const W = model.wordFeatures;
  const wordShare = model.features.wordShare ?? 0.5;
  let normW = 0;
  let normC = 0;
  const val = new Float64Array(touched.length);
  for (let i = 0; i < touched.length; i++) {
    const j = touched[i] as number;
    const v = (1 + Math.log(counts[j] as number)) * (model.idf[j] as number);
    counts[j] = 0;
    val[i] = v;
    if (j < W) normW += v * v;
    else normC += v * v;
  }
  const [invW, invC] = blockScales(normW, normC, wordShare);
  for (let i = 0; i < touched.length; i++)
    val[i] = (val[i] as number) * ((touched[i] as number) < W ? invW : invC);
  return { idx: Int32Array.from(touched), val };
}

const scratchCache = new WeakMap<ClassifierModel, Float64Array>();
