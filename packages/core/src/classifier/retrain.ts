import { DomainError } from '../errors/errors.js';
import { evaluate, stratifiedSplit, type EvaluationReport } from './metrics.js';
import {
  predict,
  trainClassifier,
  type ClassifierModel,
  type TrainingExample,
  type TrainOptions,
} from './model.js';

/**
 * The ONE training path of the product: the `retrain` job and `counterpoint classify eval` both come
 * through here, so the figures in docs/classifier.md are the figures of the model analysts get.
 * Options were chosen by 5-fold cross-validation on the training parts of the evaluation data.
 */
export const PRODUCT_TRAIN_OPTIONS: TrainOptions = Object.freeze({
  learningRate: 0.05,
  epochs: 8,
  classWeightPower: 0.6,
  nbScale: 1,
});

export interface TrainedAndEvaluated {
  readonly model: ClassifierModel;
  readonly report: EvaluationReport;
  readonly trainSeconds: number;
  readonly classifyPerSecond: number;
}

/** Train on `train`, measure on `test` (labels unseen in training count as errors). */
export function trainAndEvaluate(
  train: readonly TrainingExample[],
  test: readonly { readonly text: string; readonly label: string }[],
  options: TrainOptions = {},
  now: () => number = () => performance.now(),
): TrainedAndEvaluated {
  if (test.length === 0) throw new DomainError('invalid_input', 'The held-out set is empty');
  const t0 = now();
  const model = trainClassifier(train, { ...PRODUCT_TRAIN_OPTIONS, ...options });
  const t1 = now();
  const predicted = test.map((x) => predict(model, x.text, 10).label);
  const t2 = now();
  const labels = [...new Set([...model.labels, ...test.map((x) => x.label)])].sort();
  const report = evaluate(
    test.map((x) => x.label),
    predicted,
    labels,
  );
  return {
    model,
    report,
    trainSeconds: (t1 - t0) / 1000,
    classifyPerSecond: test.length / Math.max((t2 - t1) / 1000, 1e-9),
  };
}

/** What a `retrain` job does with analysts' labels: hold out a stratified fifth, train, measure. */
export function retrainWithHeldOut(
  examples: readonly (TrainingExample & { readonly label: string })[],
  options: TrainOptions & { readonly heldOutFraction?: number } = {},
): TrainedAndEvaluated {
  const seed = options.seed ?? 1;
  const { train, test } = stratifiedSplit(examples, (x) => x.label, options.heldOutFraction ?? 0.2, seed);
  return trainAndEvaluate(train, test, options);
}
