#!/usr/bin/env node
import { isDomainError } from '@counterpoint/core';
import { loadConfigOrExit } from './config.js';
import { createLogger } from './logger.js';
import { runWorkerUntilSignalled } from './worker.js';

// The production worker process: `node apps/worker/dist/main.js` (or `pnpm counterpoint worker`).
const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL, destination: 'stdout', name: 'worker' });
try {
  await runWorkerUntilSignalled(config, logger);
  process.exit(0);
} catch (err) {
  logger.fatal({ err: isDomainError(err) ? err.message : err }, 'worker failed');
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
