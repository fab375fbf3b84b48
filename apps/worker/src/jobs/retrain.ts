import { isDomainError, retrainJob, retrainWithHeldOut, type TrainingExample } from '@counterpoint/core';
import {
  getRetrainRun,
  NEGATIVE_LABELS,
  storeCandidateModel,
  trainingExamples,
  trainingShortfall,
  updateRetrainRun,
  type Db,
} from '@counterpoint/db';
import { defineHandler, PermanentJobError } from './types.js';

export interface RetrainOutcome {
  modelId: string;
  version: number;
  examples: number;
  accuracy: number;
  macroF1: number;
  trainSeconds: number;
}

/**
 * Train a candidate model from everything labelled so far, with the product's one training path
 * (`retrainWithHeldOut`, as `counterpoint classify eval`): a stratified fifth is held out and the
 * model's metrics on it are stored with the model. Refuses with a plain message when there are too
 * few labels. Making the candidate active is a supervisor's decision, not this job's.
 */
export async function runRetrain(
  db: Db,
  input: { runId: string | null; requestedBy: string | null },
): Promise<RetrainOutcome> {
  const progress = async (processed: number, status?: 'running') => {
    if (input.runId)
      await updateRetrainRun(db, input.runId, { processed, total: 4, ...(status ? { status } : {}) });
  };
  await progress(0, 'running');
  const examples = await trainingExamples(db);
  const labelCounts: Record<string, number> = {};
  const sources: Record<string, number> = {};
  let from: Date | null = null;
  let to: Date | null = null;
  for (const e of examples) {
    labelCounts[e.label] = (labelCounts[e.label] ?? 0) + 1;
    sources[e.source] = (sources[e.source] ?? 0) + 1;
    if (!from || e.at < from) from = e.at;
    if (!to || e.at > to) to = e.at;
  }
  const shortfall = trainingShortfall(labelCounts);
  if (shortfall) throw new PermanentJobError(shortfall);
  await progress(1);
  const train: (TrainingExample & { label: string })[] = examples.map((e) => ({
    text: e.text,
    label: e.label,
  }));
  const description = `${examples.length} labelled texts (${Object.entries(sources)
    .map(([s, n]) => `${n} ${s === 'analyst' ? 'from analysts' : 'imported'}`)
    .join(', ')})`;
  const result = retrainWithHeldOut(train, { description });
  await progress(3);
  const { confusion, ...report } = result.report;
  const stored = await storeCandidateModel(
    db,
    { id: input.requestedBy, label: input.requestedBy ? 'retrain' : 'system' },
    {
      artefact: result.model as unknown as Record<string, unknown>,
      metrics: {
        ...report,
        confusion,
        trainSeconds: result.trainSeconds,
        classifyPerSecond: result.classifyPerSecond,
      },
      trainingData: {
        examples: examples.length,
        labelCounts,
        sources,
        from: from?.toISOString() ?? null,
        to: to?.toISOString() ?? null,
        heldOutFraction: 0.2,
        negativeLabels: Object.keys(labelCounts).filter((l) =>
          (NEGATIVE_LABELS as readonly string[]).includes(l),
        ),
        runId: input.runId,
        description,
      },
      labelCount: examples.length,
      trainedBy: input.requestedBy,
    },
  );
  if (input.runId)
    await updateRetrainRun(db, input.runId, { status: 'done', processed: 4, message: stored.id });
  return {
    modelId: stored.id,
    version: stored.version,
    examples: examples.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    trainSeconds: result.trainSeconds,
  };
}

export const retrainHandler = defineHandler({
  contract: retrainJob,
  async handle(payload, { db, logger }) {
    if (!(await getRetrainRun(db, payload.runId)))
      throw new PermanentJobError(`No retrain run ${payload.runId}`);
    try {
      const outcome = await runRetrain(db, payload);
      logger.info(outcome, 'candidate model trained');
      return outcome;
    } catch (err) {
      const message =
        err instanceof PermanentJobError || isDomainError(err)
          ? err.message
          : 'Training failed: see the worker log.';
      await updateRetrainRun(db, payload.runId, { status: 'failed', message });
      if (isDomainError(err)) throw new PermanentJobError(err.message, { cause: err });
      throw err;
    }
  },
});
