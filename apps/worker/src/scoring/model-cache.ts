import type { ClassifierModel } from '@counterpoint/core';
import { activeModelId, getModel, NEGATIVE_LABELS, type Db } from '@counterpoint/db';
import type { Logger } from '../logger.js';

export interface LoadedModel {
  id: string;
  version: number;
  model: ClassifierModel;
  /** Labels that mean "not relevant": the fused probability is 1 − their probability. */
  negativeLabels: readonly string[];
}

let cached: LoadedModel | null = null;

/**
 * The active classifier, loaded once per model id (like the lexicon): each call reads only the
 * active id, and parses the artefact again only when a supervisor made another model active.
 */
export async function currentModel(db: Db, logger: Logger): Promise<LoadedModel | null> {
  const id = await activeModelId(db);
  if (!id) return null;
  if (cached?.id === id) return cached;
  const row = await getModel(db, id);
  if (!row) return null;
  const model = row.artefact as unknown as ClassifierModel;
  if (model.format !== 'counterpoint-linear-v1') {
    logger.error({ model: id }, 'active model artefact has an unknown format: scoring without it');
    return null;
  }
  const declared = (row.trainingData.negativeLabels as string[] | undefined) ?? [...NEGATIVE_LABELS];
  cached = { id, version: row.version, model, negativeLabels: declared };
  logger.info({ model: id, version: row.version, labels: model.labels }, 'classifier model loaded');
  return cached;
}
