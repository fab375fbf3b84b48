/** Evaluation metrics and stratified splits. Everything here is deterministic. */

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface EvaluationReport {
  readonly n: number;
  readonly labels: string[];
  readonly accuracy: number;
  readonly macroF1: number;
  readonly weightedF1: number;
  readonly perClass: Record<string, ClassMetrics>;
  /** confusion[gold][predicted] over `labels`. */
  readonly confusion: number[][];
}

const safeDiv = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Metrics of predictions against gold labels. `labels` fixes the order (defaults to sorted union). */
export function evaluate(
  gold: readonly string[],
  predicted: readonly string[],
  labels?: readonly string[],
): EvaluationReport {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const ls = labels ? [...labels] : [...new Set([...gold, ...predicted])].sort();
  const index = new Map(ls.map((l, i) => [l, i]));
  const k = ls.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = index.get(gold[i] as string);
    const p = index.get(predicted[i] as string);
    if (g === undefined || p === undefined) throw new Error(`label outside the label set at ${i}`);
    (confusion[g] as number[])[p] = ((confusion[g] as number[])[p] as number) + 1;
    if (g === p) correct++;
  }
  const perClass: Record<string, ClassMetrics> = {};
  let macro = 0;
  let weighted = 0;
  for (let c = 0; c < k; c++) {
    const row = confusion[c] as number[];
    const tp = row[c] as number;
    const support = row.reduce((a, b) => a + b, 0);
    let predictedC = 0;
    for (let r = 0; r < k; r++) predictedC += (confusion[r] as number[])[c] as number;
    const precision = safeDiv(tp, predictedC);
    const recall = safeDiv(tp, support);
    const f1 = safeDiv(2 * precision * recall, precision + recall);
    perClass[ls[c] as string] = { precision, recall, f1, support };
    macro += f1;
    weighted += f1 * support;
  }
  return {
    n: gold.length,
    labels: ls,
    accuracy: safeDiv(correct, gold.length),
    macroF1: safeDiv(macro, k),
    weightedF1: safeDiv(weighted, gold.length),
    perClass,
    confusion,
  };
}

/** Seeded PRNG (mulberry32): small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = xs[i] as T;
    xs[i] = xs[j] as T;
    xs[j] = t;
  }
  return xs;
}

function byLabel<T>(items: readonly T[], labelOf: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const l = labelOf(x);
    const g = groups.get(l);
    if (g) g.push(x);
    else groups.set(l, [x]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Stratified train/held-out split: each label keeps its share in both parts. */
export function stratifiedSplit<T>(
  items: readonly T[],
  labelOf: (x: T) => string,
  testFraction: number,
  seed: number,
): { train: T[]; test: T[] } {
  const rnd = seededRandom(seed);
  const train: T[] = [];
  const test: T[] = [];
  for (const group of byLabel(items, labelOf).values()) {
    shuffleInPlace(group, rnd);
    const nTest = Math.round(group.length * testFraction);
    test.push(...group.slice(0, nTest));
    train.push(...group.slice(nTest));
  }
  return { train: shuffleInPlace(train, rnd), test: shuffleInPlace(test, rnd) };
}

/** Stratified k folds: returns k arrays whose union is `items`, label shares kept. */
export function stratifiedFolds<T>(
  items: readonly T[],
  labelOf: (x: T) => string,
  k: number,
  seed: number,
): T[][] {
  const rnd = seededRandom(seed);
  const folds: T[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of byLabel(items, labelOf).values()) {
    shuffleInPlace(group, rnd);
    for (const x of group) {
      (folds[next % k] as T[]).push(x);
      next++;
    }
  }
  return folds;
}
