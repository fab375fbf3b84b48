import { auditVerify } from './audit-verify.js';
import type { JobDefinition } from './types.js';

/**
 * Every job handler, one file each. Adding a job: its contract in packages/core/src/jobs/contracts,
 * its handler file here, and one line in this list. `buildRegistry` refuses to start without it.
 */
export const JOBS: readonly JobDefinition[] = [auditVerify];
