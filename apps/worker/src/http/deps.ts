import type { Config } from '@counterpoint/core';
import type { Db } from '@counterpoint/db';
import type { Logger } from '../logger.js';
import type { JobMetrics } from '../runtime/metrics.js';
import type { JobRunner } from '../runtime/runner.js';

/** What HTTP handlers may use. */
export interface ApiDeps {
  db: Db;
  runner: JobRunner;
  metrics: JobMetrics;
  logger: Logger;
  config: Config;
}
