import type { RegisterCommand } from '../context.js';
import { register as apiKey } from './api-key.js';
import { register as audit } from './audit.js';
import { register as feedCheck } from './feed-check.js';
import { register as generateTriage } from './generate-triage.js';
import { register as benchScore } from './bench-score.js';
import { register as benchWorkbench } from './bench-workbench.js';
import { register as benchPipeline } from './bench-pipeline.js';
import { register as classify } from './classify.js';
import { register as labels } from './labels.js';
import { register as migrate } from './migrate.js';
import { register as seedDemo } from './seed-demo.js';
import { register as source } from './source.js';
import { register as user } from './user.js';
import { register as worker } from './worker.js';
import { register as retention } from './retention.js';

/**
 * Every CLI command, in the order `--help` lists them. Adding one: a file in this folder exporting
 * `register(program, ctx)`, and one line here.
 */
export const COMMANDS: readonly RegisterCommand[] = [
  migrate,
  seedDemo,
  user,
  audit,
  worker,
  classify,
  labels,
  benchScore,
  benchWorkbench,
  benchPipeline,
  feedCheck,
  source,
  apiKey,
  generateTriage,
  retention,
];
