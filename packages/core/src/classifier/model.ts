import { DomainError } from '../errors/errors.js';
import {
  DEFAULT_FEATURES,
  extractFeatures,
  forEachCharGram,
  wordFeatures,
  type FeatureOptions,
  type TextFeatures,
} from './features.js';
import { IntMap } from './int-map.js';
import { seededRandom, shuffleInPlace, stratifiedFolds } from './metrics.js';

/**
 * A sparse linear text classifier: TF-IDF features (sublinear tf, l2-normalised; idf learned at
 * train time) and a logistic regression trained by AdaGrad SGD with L2, seeded so training is
 * reproducible. 'multiclass' uses a softmax over the labels (one label per example);
 * 'binary-relevance' trains an independent sigmoid per label (an example may carry several).
 * Probabilities are calibrated by temperature scaling fitted on out-of-fold predictions (3 folds of
 * the training data), and per-label decision offsets are fitted on the same predictions. Everything is pure and synchronous: the `retrain` job runs it in a worker, never in the web
 * process.
 */

export type ClassifierMode = 'multiclass' | 'binary-relevance';

export interface TrainingExample {
  readonly text: string;
  readonly label: string | readonly string[];
}

export interface TrainOptions {
  readonly mode?: ClassifierMode;
  readonly features?: FeatureOptions;
  /** Keep features seen in at least this many training texts. */
  readonly minDf?: number;
  /** Keep at most this many features (the most frequent). */
  readonly maxFeatures?: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  /** Re-weight classes by (n / (k · n_c))^power: 0 = none, 1 = fully balanced. */
  readonly classWeightPower?: number;
  /** Fit a softmax temperature on out-of-fold predictions (costs three extra, smaller training runs). */
  readonly calibrate?: boolean;
  /**
   * With `calibrate`, also fit per-label decision offsets (a prior shift) on the same out-of-fold predictions,
   * maximising macro F1: rare classes otherwise lose every close call.
   */
  readonly tuneOffsets?: boolean;
  readonly seed?: number;
  /**
   * Naive-Bayes feature scaling (NBSVM, Wang & Manning 2012) mixed in by this much (0 = off, 1 = full):
   * each feature's step for label k is scaled by |log-count ratio| of the feature for k vs the rest,
   * so informative features move first and uninformative ones barely move.
   */
  readonly nbScale?: number;
  /** Average the weights of this many fits with different shuffles (bagging the SGD noise away). */
  readonly bag?: number;
  /** Free-text description of the training data, stored with the model. */
  readonly description?: string;
}

type ResolvedOptions = Required<Omit<TrainOptions, 'features' | 'description'>>;

export const DEFAULT_TRAIN_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  mode: 'multiclass',
  minDf: 2,
  maxFeatures: 300_000,
  epochs: 12,
  learningRate: 0.3,
  l2: 1e-6,
  classWeightPower: 0.5,
  calibrate: true,
  tuneOffsets: true,
  seed: 1,
  bag: 1,
  nbScale: 0,
});

export interface ClassifierModel {
  readonly format: 'counterpoint-linear-v1';
  readonly mode: ClassifierMode;
  readonly labels: string[];
  readonly features: FeatureOptions;
  /** Feature names; the first `wordFeatures` are word features, the rest hashed character n-grams. */
  readonly vocabulary: string[];
  readonly wordFeatures: number;
  /** Hash bucket of each character feature (vocabulary index wordFeatures + i). */
  readonly charBuckets: number[];
  readonly idf: number[];
  /** Feature-major weights: weights[j * labels.length + k]. */
  readonly weights: number[];
  readonly bias: number[];
  readonly temperature: number;
  /** Added to logit/temperature before the softmax or sigmoid — a fitted decision shift; zeros if not tuned. */
  readonly offsets: number[];
  readonly training: {
    readonly examples: number;
    readonly labelCounts: Record<string, number>;
    readonly options: Record<string, unknown>;
    readonly description: string;
  };
}

export interface Prediction {
  readonly label: string;
  /** Labels whose probability is at least 0.5 (binary relevance); [label] for multiclass. */
  readonly labels: string[];
  readonly probabilities: Record<string, number>;
  readonly topFeatures: { feature: string; weight: number }[];
}

interface SparseVec {
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

function labelsOf(ex: TrainingExample): readonly string[] {
  return typeof ex.label === 'string' ? [ex.label] : ex.label;
}

/**
 * TF-IDF vector with sublinear tf. Word features and character features are l2-normalised as two
 * separate blocks and then joined with equal weight (like a union of two vectorisers): otherwise the
 * many character n-grams of a text drown its few, often decisive, word features.
 */
interface Vocab {
  readonly words: ReadonlyMap<string, number>;
  readonly chars: ReadonlyMap<number, number>;
}

function vectorise(f: TextFeatures, vocab: Vocab, idf: ArrayLike<number>, wordShare: number): SparseVec {
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

interface Fitted {
  weights: Float64Array;
  bias: Float64Array;
}

function logits(
  x: SparseVec,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  K: number,
  out: Float64Array,
): void {
  for (let k = 0; k < K; k++) out[k] = b[k] as number;
  const { idx, val } = x;
  for (let i = 0; i < idx.length; i++) {
    const base = (idx[i] as number) * K;
    const v = val[i] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + v * (w[base + k] as number);
  }
}

function softmaxInPlace(z: Float64Array, temperature: number): void {
  let max = -Infinity;
  for (const v of z) if (v / temperature > max) max = v / temperature;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] as number) / temperature - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / sum;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function fit(
  xs: readonly SparseVec[],
  ys: readonly Uint8Array[],
  D: number,
  K: number,
  classWeights: Float64Array,
  opts: ResolvedOptions,
): Fitted {
  if (opts.bag <= 1) return fitOnce(xs, ys, D, K, classWeights, opts);
  const sum = fitOnce(xs, ys, D, K, classWeights, opts);
  for (let r = 1; r < opts.bag; r++) {
    const f = fitOnce(xs, ys, D, K, classWeights, { ...opts, seed: opts.seed + 7919 * r });
    for (let p = 0; p < sum.weights.length; p++)
      sum.weights[p] = (sum.weights[p] as number) + (f.weights[p] as number);
    for (let k = 0; k < K; k++) sum.bias[k] = (sum.bias[k] as number) + (f.bias[k] as number);
  }
  for (let p = 0; p < sum.weights.length; p++) sum.weights[p] = (sum.weights[p] as number) / opts.bag;
  for (let k = 0; k < K; k++) sum.bias[k] = (sum.bias[k] as number) / opts.bag;
  return sum;
}

/** |log-count ratio| of each feature for each label against the rest, mixed with 1 by `mix`. */
function nbScales(
  xs: readonly SparseVec[],
  ys: readonly Uint8Array[],
  D: number,
  K: number,
  mix: number,
): Float64Array {
  const alpha = 1;
  const inK = new Float64Array(D * K).fill(alpha);
  const total = new Float64Array(D);
  const sumK = new Float64Array(K);
  let sumAll = 0;
  xs.forEach((x, n) => {
    const y = ys[n] as Uint8Array;
    for (let i = 0; i < x.idx.length; i++) {
      const j = x.idx[i] as number;
      const v = x.val[i] as number;
      total[j] = (total[j] as number) + v;
      sumAll += v;
      for (let k = 0; k < K; k++) {
        if (y[k]) {
          inK[j * K + k] = (inK[j * K + k] as number) + v;
          sumK[k] = (sumK[k] as number) + v;
        }
      }
    }
  });
  const out = new Float64Array(D * K);
  for (let j = 0; j < D; j++) {
    for (let k = 0; k < K; k++) {
      const p = inK[j * K + k] as number;
      const q = alpha + (total[j] as number) - (p - alpha);
      const pk = p / ((sumK[k] as number) + alpha * D);
      const qk = q / (sumAll - (sumK[k] as number) + alpha * D);
      out[j * K + k] = 1 - mix + mix * Math.abs(Math.log(pk / qk));
    }
  }
  return out;
}

function fitOnce(
  xs: readonly SparseVec[],
  ys: readonly Uint8Array[],
  D: number,
  K: number,
  classWeights: Float64Array,
  opts: ResolvedOptions,
): Fitted {
  const scale = opts.nbScale > 0 ? nbScales(xs, ys, D, K, opts.nbScale) : undefined;
  const w = new Float64Array(D * K); // the parameters
  const eff = scale ? new Float64Array(D * K) : w; // the effective weights w ∘ scale
  const b = new Float64Array(K);
  const gw = new Float64Array(D * K);
  const gb = new Float64Array(K);
  const z = new Float64Array(K);
  const g = new Float64Array(K);
  const order = xs.map((_, i) => i);
  const rnd = seededRandom(opts.seed);
  const { learningRate: lr, l2 } = opts;
  const eps = 1e-8;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffleInPlace(order, rnd);
    for (const n of order) {
      const x = xs[n] as SparseVec;
      const y = ys[n] as Uint8Array;
      logits(x, eff, b, K, z);
      let cw = 0;
      if (opts.mode === 'multiclass') {
        softmaxInPlace(z, 1);
        for (let k = 0; k < K; k++) if (y[k]) cw = classWeights[k] as number;
        for (let k = 0; k < K; k++) g[k] = ((z[k] as number) - (y[k] as number)) * cw;
      } else {
        for (let k = 0; k < K; k++) {
          const p = sigmoid(z[k] as number);
          g[k] = (p - (y[k] as number)) * (y[k] ? (classWeights[k] as number) : 1);
        }
      }
      for (let k = 0; k < K; k++) {
        const gk = g[k] as number;
        gb[k] = (gb[k] as number) + gk * gk;
        b[k] = (b[k] as number) - (lr * gk) / Math.sqrt((gb[k] as number) + eps);
      }
      const { idx, val } = x;
      for (let i = 0; i < idx.length; i++) {
        const base = (idx[i] as number) * K;
        const v = val[i] as number;
        for (let k = 0; k < K; k++) {
          const p = base + k;
          const sp = scale ? (scale[p] as number) : 1;
          const grad = (g[k] as number) * v * sp + l2 * (w[p] as number);
          gw[p] = (gw[p] as number) + grad * grad;
          w[p] = (w[p] as number) - (lr * grad) / Math.sqrt(gw[p] + eps);
          if (scale) eff[p] = w[p] * sp;
        }
      }
    }
  }
  return { weights: eff, bias: b };
}

/** Temperature minimising held-out log loss (golden-section search over log T). */
function fitTemperature(
  all: readonly Float64Array[],
  ys: readonly Uint8Array[],
  K: number,
  mode: ClassifierMode,
): number {
  const loss = (logT: number): number => {
    const T = Math.exp(logT);
    let total = 0;
    const p = new Float64Array(K);
    all.forEach((z, n) => {
      const y = ys[n] as Uint8Array;
      if (mode === 'multiclass') {
        p.set(z);
        softmaxInPlace(p, T);
        for (let k = 0; k < K; k++) if (y[k]) total -= Math.log(Math.max(p[k] as number, 1e-12));
      } else {
        for (let k = 0; k < K; k++) {
          const q = sigmoid((z[k] as number) / T);
          total -= Math.log(Math.max(y[k] ? q : 1 - q, 1e-12));
        }
      }
    });
    return total;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const a = hi - phi * (hi - lo);
    const c = lo + phi * (hi - lo);
    if (loss(a) < loss(c)) hi = c;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/** Macro F1 of argmax(z/T + offsets) against one-hot gold rows. */
function macroF1Of(
  zs: readonly Float64Array[],
  ys: readonly Uint8Array[],
  K: number,
  T: number,
  off: number[],
): number {
  const tp = new Array<number>(K).fill(0);
  const fp = new Array<number>(K).fill(0);
  const fn = new Array<number>(K).fill(0);
  zs.forEach((z, n) => {
    let best = 0;
    let bestV = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = (z[k] as number) / T + (off[k] as number);
      if (v > bestV) {
        bestV = v;
        best = k;
      }
    }
    const y = ys[n] as Uint8Array;
    for (let k = 0; k < K; k++) {
      if (y[k] && k === best) tp[k] = (tp[k] as number) + 1;
      else if (y[k]) fn[k] = (fn[k] as number) + 1;
      else if (k === best) fp[k] = (fp[k] as number) + 1;
    }
  });
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const d = 2 * (tp[k] as number) + (fp[k] as number) + (fn[k] as number);
    sum += d === 0 ? 0 : (2 * (tp[k] as number)) / d;
  }
  return sum / K;
}

/**
 * Per-label offsets by coordinate ascent on a grid, keeping the first label at 0. A change is kept
 * only when it improves out-of-fold macro F1 by a margin, so noise leaves the offsets at zero.
 */
function fitOffsets(zs: readonly Float64Array[], ys: readonly Uint8Array[], K: number, T: number): number[] {
  const off = new Array<number>(K).fill(0);
  let bestScore = macroF1Of(zs, ys, K, T, off);
  for (let round = 0; round < 2; round++) {
    for (let k = 1; k < K; k++) {
      const keep = off[k] as number;
      let bestV = keep;
      for (let v = -2; v <= 2.0001; v += 0.1) {
        off[k] = v;
        const sc = macroF1Of(zs, ys, K, T, off);
        if (sc > bestScore + 0.001) {
          bestScore = sc;
          bestV = v;
        }
      }
      off[k] = bestV;
    }
  }
  return off;
}

/** Train a model artefact (JSON-serialisable). Deterministic for the same examples and options. */
export function trainClassifier(
  examples: readonly TrainingExample[],
  options: TrainOptions = {},
): ClassifierModel {
  const opts: ResolvedOptions = { ...DEFAULT_TRAIN_OPTIONS, ...stripUndefined(options) };
  const features = options.features ?? DEFAULT_FEATURES;
  if (examples.length < 2) throw new DomainError('invalid_input', 'Training needs at least two examples');
  const labelCounts: Record<string, number> = {};
  for (const [i, ex] of examples.entries()) {
    const ls = labelsOf(ex);
    if (ls.length === 0) throw new DomainError('invalid_input', `Example ${i} has no label`);
    if (opts.mode === 'multiclass' && ls.length !== 1) {
      // A text filed under two classes cannot be learned by a softmax (natural#309 looped forever).
      throw new DomainError(
        'invalid_input',
        `Example ${i} has ${ls.length} labels; multiclass needs exactly one`,
      );
    }
    for (const l of ls) labelCounts[l] = (labelCounts[l] ?? 0) + 1;
  }
  const labels = Object.keys(labelCounts).sort();
  if (labels.length < 2 && opts.mode === 'multiclass') {
    throw new DomainError('invalid_input', 'Training needs at least two different labels');
  }
  const K = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));

  // Features and vocabulary (document frequency).
  const charNames = new Map<number, string>();
  const counted = examples.map((ex) => extractFeatures(ex.text, features, charNames));
  const dfWords = new Map<string, number>();
  const dfChars = new Map<number, number>();
  for (const c of counted) {
    for (const f of c.words.keys()) dfWords.set(f, (dfWords.get(f) ?? 0) + 1);
    for (const b of c.chars.keys()) dfChars.set(b, (dfChars.get(b) ?? 0) + 1);
  }
  const candidates: { name: string; bucket: number; df: number }[] = [];
  for (const [name, d] of dfWords) if (d >= opts.minDf) candidates.push({ name, bucket: -1, df: d });
  for (const [bucket, d] of dfChars) {
    if (d >= opts.minDf) candidates.push({ name: charNames.get(bucket) as string, bucket, df: d });
  }
  candidates.sort(
    (a, b) => b.df - a.df || a.bucket - b.bucket || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const keptFeatures = candidates.slice(0, opts.maxFeatures);
  const wordsKept = keptFeatures.filter((c) => c.bucket < 0);
  const charsKept = keptFeatures.filter((c) => c.bucket >= 0);
  const ordered = [...wordsKept, ...charsKept];
  const vocabulary = ordered.map((c) => c.name);
  const charBuckets = charsKept.map((c) => c.bucket);
  const vocab: Vocab = {
    words: new Map(wordsKept.map((c, j) => [c.name, j])),
    chars: new Map(charsKept.map((c, i) => [c.bucket, wordsKept.length + i])),
  };
  const N = examples.length;
  const idf = ordered.map((c) => Math.log((1 + N) / (1 + c.df)) + 1);
  const xs = counted.map((c) => vectorise(c, vocab, idf, features.wordShare ?? 0.5));
  const ys = examples.map((ex) => {
    const y = new Uint8Array(K);
    for (const l of labelsOf(ex)) y[labelIndex.get(l) as number] = 1;
    return y;
  });
  const classWeights = Float64Array.from(labels, (l) =>
    Math.pow(N / (K * (labelCounts[l] as number)), opts.classWeightPower),
  );
  const D = vocabulary.length;

  let temperature = 1;
  let offsets = new Array<number>(K).fill(0);
  if (opts.calibrate && N >= 200) {
    // Out-of-fold logits for every training example (3 stratified folds), so the temperature and
    // the decision offsets are fitted on predictions for texts the model had not seen, using all
    // the data rather than a small held-out slice.
    const order = examples.map((_, i) => i);
    const folds = stratifiedFolds(
      order,
      (i) => labelsOf(examples[i] as TrainingExample)[0] as string,
      3,
      opts.seed,
    );
    const oof: Float64Array[] = new Array<Float64Array>(N);
    for (let f = 0; f < folds.length; f++) {
      const trainIdx = folds.filter((_, g) => g !== f).flat();
      const fitted = fit(
        trainIdx.map((i) => xs[i] as SparseVec),
        trainIdx.map((i) => ys[i] as Uint8Array),
        D,
        K,
        classWeights,
        opts,
      );
      for (const i of folds[f] as number[]) {
        const z = new Float64Array(K);
        logits(xs[i] as SparseVec, fitted.weights, fitted.bias, K, z);
        oof[i] = z;
      }
    }
    temperature = fitTemperature(oof, ys, K, opts.mode);
    // Offsets are fitted on the arg-max decision, which only means something when each example
    // has one label (always in multiclass; in binary relevance only for single-label data).
    const singleLabel = examples.every((ex) => labelsOf(ex).length === 1);
    if (opts.tuneOffsets && K > 1 && singleLabel) offsets = fitOffsets(oof, ys, K, temperature);
  }
  const fitted = fit(xs, ys, D, K, classWeights, opts);

  return {
    format: 'counterpoint-linear-v1',
    mode: opts.mode,
    labels,
    features,
    vocabulary,
    wordFeatures: wordsKept.length,
    charBuckets,
    idf: idf.map((v) => round(v, 6)),
    weights: Array.from(fitted.weights, (v) => round(v, 6)),
    bias: Array.from(fitted.bias, (v) => round(v, 6)),
    temperature: round(temperature, 6),
    offsets: offsets.map((v) => round(v, 6)),
    training: {
      examples: N,
      labelCounts,
      options: {
        mode: opts.mode,
        minDf: opts.minDf,
        maxFeatures: opts.maxFeatures,
        epochs: opts.epochs,
        learningRate: opts.learningRate,
        l2: opts.l2,
        classWeightPower: opts.classWeightPower,
        calibrate: opts.calibrate,
        tuneOffsets: opts.tuneOffsets,
        bag: opts.bag,
        nbScale: opts.nbScale,
        seed: opts.seed,
        features,
      },
      description:
        options.description ??
        `TF-IDF word ${features.wordNgrams.join('/')}-grams${features.stem ? ' (Porter stems)' : ''}` +
          (features.charNgrams.length === 2
            ? ` + char ${features.charNgrams[0]}-${features.charNgrams[1]}-grams`
            : '') +
          `, ${D} features; ${opts.mode} logistic regression (AdaGrad, L2 ${opts.l2}, ${opts.epochs} epochs)`,
    },
  };
}

function round(v: number, digits: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
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
function vectoriseForModel(model: ClassifierModel, text: string): SparseVec {
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

/** Classify one text: label, calibrated probabilities and the features that pushed it there. */
export function predict(model: ClassifierModel, text: string, topK = 10): Prediction {
  const K = model.labels.length;
  const x = vectoriseForModel(model, text);
  const z = new Float64Array(K);
  logits(x, model.weights, model.bias, K, z);
  const probs = new Float64Array(K);
  if (model.mode === 'multiclass') {
    for (let k = 0; k < K; k++) probs[k] = (z[k] as number) + model.temperature * (model.offsets[k] ?? 0);
    softmaxInPlace(probs, model.temperature);
  } else {
    for (let k = 0; k < K; k++)
      probs[k] = sigmoid((z[k] as number) / model.temperature + (model.offsets[k] ?? 0));
  }
  let best = 0;
  for (let k = 1; k < K; k++) if ((probs[k] as number) > (probs[best] as number)) best = k;
  const probabilities: Record<string, number> = {};
  model.labels.forEach((l, k) => (probabilities[l] = probs[k] as number));
  const label = model.labels[best] as string;
  const labels =
    model.mode === 'multiclass' ? [label] : model.labels.filter((_, k) => (probs[k] as number) >= 0.5);

  // Contribution of each present feature to the chosen label, relative to the average label
  // (a softmax is unchanged by adding the same amount to every label, so only the difference explains).
  const top: { j: number; c: number }[] = [];
  if (topK > 0) {
    let floor = 0; // the smallest contribution still in the top list once it is full
    for (let i = 0; i < x.idx.length; i++) {
      const j = x.idx[i] as number;
      let w = model.weights[j * K + best] as number;
      if (model.mode === 'multiclass') {
        let mean = 0;
        for (let k = 0; k < K; k++) mean += model.weights[j * K + k] as number;
        w -= mean / K;
      }
      const c = w * (x.val[i] as number);
      if (c <= 0 || (top.length >= topK && c <= floor)) continue;
      top.push({ j, c });
      if (top.length > topK) {
        top.sort((a, b) => b.c - a.c || a.j - b.j);
        top.length = topK;
        floor = (top[topK - 1] as { c: number }).c;
      }
    }
    top.sort((a, b) => b.c - a.c || a.j - b.j);
  }
  const contrib = top.map((t) => ({ feature: model.vocabulary[t.j] as string, weight: round(t.c, 4) }));
  return { label, labels, probabilities, topFeatures: contrib.slice(0, topK) };
}
