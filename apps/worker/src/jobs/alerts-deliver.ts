import { alertsDeliverJob } from '@counterpoint/core';
import { deliverAlerts } from '../alerts/deliver.js';
import { sharedSafeFetcher } from '../connectors/safe-fetch.js';
import { sharedMailer } from '../mail/mailer.js';
import { defineHandler } from './types.js';

const FIVE_MINUTES = 5 * 60_000;

/**
 * Every five minutes (and straight after new alerts), sends what e-mail and webhook subscribers
 * are owed. Quiet hours are honoured to within this interval.
 */
export const alertsDeliverHandler = defineHandler({
  contract: alertsDeliverJob,
  schedule: { everyMs: FIVE_MINUTES, payload: {} },
  async handle(_payload, { db, config, now, logger }) {
    const result = await deliverAlerts({
      db,
      now: now(),
      origin: config.origin,
      mailer: sharedMailer(config),
      fetcher: sharedSafeFetcher(config),
      logger,
    });
    if (result.sent + result.failed + result.held > 0) logger.info(result, 'alert deliveries');
    return result;
  },
});
