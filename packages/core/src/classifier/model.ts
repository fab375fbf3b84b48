import { DomainError } from '../errors/errors.js';
import { fitOffsets, fitTemperature } from './calibration.js';
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './features.js';
import { fit, logits, sigmoid, softmaxInPlace, type SparseVec } from './linear.js';
import { stratifiedFolds } from './metrics.js';
import { vectorise, vectoriseForModel, type Vocab } from './vectorise.js';

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
function labelsOf(ex: TrainingExample): readonly string[] {
  return typeof ex.label === 'string' ? [ex.label] : ex.label;
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
