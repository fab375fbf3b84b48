import { softmaxInPlace, sigmoid } from './linear.js';

/**
 * Calibration on out-of-fold logits: a softmax temperature (log loss) and per-label decision
 * offsets (macro F1).
 */

export type CalibrationMode = 'multiclass' | 'binary-relevance';

/** Temperature minimising held-out log loss (golden-section search over log T). */
export function fitTemperature(
  all: readonly Float64Array[],
  ys: readonly Uint8Array[],
  K: number,
  mode: CalibrationMode,
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
export function fitOffsets(
  zs: readonly Float64Array[],
  ys: readonly Uint8Array[],
  K: number,
  T: number,
): number[] {
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
