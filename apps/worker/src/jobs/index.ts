import { auditVerify } from './audit-verify.js';
import { collectDueHandler } from './collect-due.js';
import { collectSourceHandler } from './collect-source.js';
import { demoReplayHandler } from './demo-replay.js';
import { ingestBatchHandler } from './ingest-batch.js';
import { scoreItemsHandler } from './score-items.js';
import { retrainHandler } from './retrain.js';
import { consentExpiryHandler } from './consent-expiry.js';
import { contentRecheckHandler } from './content-recheck.js';
import { retentionRunHandler } from './retention-run.js';
import { campaignReminderHandler } from './campaign-reminder.js';
import type { JobDefinition } from './types.js';
import { trendsRefreshHandler } from './trends-refresh.js';
import { alertsDetectHandler } from './alerts-detect.js';
import { alertsDeliverHandler } from './alerts-deliver.js';
import { narrativesRefreshHandler } from './narratives-refresh.js';
import { searchIndexHandler } from './search-index.js';

/**
 * Every job handler, one file each. Adding a job: its contract in packages/core/src/jobs/contracts,
 * its handler file here, and one line in this list. `buildRegistry` refuses to start without it.
 */
export const JOBS: readonly JobDefinition[] = [
  auditVerify,
  ingestBatchHandler,
  scoreItemsHandler,
  demoReplayHandler,
  collectDueHandler,
  collectSourceHandler,
  retrainHandler,
  consentExpiryHandler,
  campaignReminderHandler,
  contentRecheckHandler,
  retentionRunHandler,
  trendsRefreshHandler,
  alertsDetectHandler,
  alertsDeliverHandler,
  narrativesRefreshHandler,
  searchIndexHandler,
];
