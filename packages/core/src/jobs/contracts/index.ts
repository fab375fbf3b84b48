import { auditVerifyJob } from './audit-verify.js';

/**
 * Every job the system knows. Adding a job: one contract file in this folder, one line here, and
 * one handler file in apps/worker/src/jobs (the worker refuses to start when a contract has none).
 */
export const JOB_CONTRACTS = [auditVerifyJob] as const;

export { auditVerifyJob };
