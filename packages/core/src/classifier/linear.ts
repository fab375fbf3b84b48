import { seededRandom, shuffleInPlace } from './metrics.js';

/**
 * The linear model's arithmetic: sparse vectors, logits, softmax, and the seeded AdaGrad SGD fit of
 * a (multinomial or per-label sigmoid) logistic regression with optional NB scaling and bagging.
 */

export interface SparseVec {
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

/** The options `fit` reads (a subset of the resolved training options). */
export interface FitOptions {
  readonly mode: 'multiclass' | 'binary-relevance';
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
  readonly nbScale: number;
  readonly bag: number;
}

export interface Fitted {
  weights: Float64Array;
  bias: Float64Array;
}

export function logits(
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

export function softmaxInPlace(z: Float64Array, temperature: number): void {
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

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function fit(
  xs: readonly SparseVec[],
  ys: readonly Uint8Array[],
  D: number,
  K: number,
  classWeights: Float64Array,
  opts: FitOptions,
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
  opts: FitOptions,
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
