import { auditVerifyJob } from './audit-verify.js';
import { collectDueJob } from './collect-due.js';
import { collectSourceJob } from './collect-source.js';
import { demoReplayJob } from './demo-replay.js';
import { ingestBatchJob } from './ingest-batch.js';
import { scoreItemsJob } from './score-items.js';
import { retrainJob } from './retrain.js';
import { consentExpiryJob } from './consent-expiry.js';
import { campaignReminderJob } from './campaign-reminder.js';
import { contentRecheckJob } from './content-recheck.js';
import { retentionRunJob } from './retention-run.js';
import { trendsRefreshJob } from './trends-refresh.js';
import { alertsDetectJob } from './alerts-detect.js';
import { alertsDeliverJob } from './alerts-deliver.js';
import { narrativesRefreshJob } from './narratives-refresh.js';
import { searchIndexJob } from './search-index.js';

/**
 * Every job the system knows. Adding a job: one contract file in this folder, one line here, and
 * one handler file in apps/worker/src/jobs (the worker refuses to start when a contract has none).
 */
export const JOB_CONTRACTS = [
  auditVerifyJob,
  ingestBatchJob,
  scoreItemsJob,
  demoReplayJob,
  collectDueJob,
  collectSourceJob,
  retrainJob,
  consentExpiryJob,
  campaignReminderJob,
  contentRecheckJob,
  retentionRunJob,
  trendsRefreshJob,
  alertsDetectJob,
  alertsDeliverJob,
  narrativesRefreshJob,
  searchIndexJob,
] as const;

export { auditVerifyJob, demoReplayJob, ingestBatchJob, scoreItemsJob };
export { collectDueJob, collectSourceJob };
export { retrainJob };
export { consentExpiryJob };
export { campaignReminderJob };
export { contentRecheckJob };
export { retentionRunJob, RETENTION_TREND_WINDOW_DAYS } from './retention-run.js';
export { MAX_INGEST_BATCH } from './ingest-batch.js';
export { trendsRefreshJob, alertsDetectJob, alertsDeliverJob };
export { narrativesRefreshJob };
export { searchIndexJob };
