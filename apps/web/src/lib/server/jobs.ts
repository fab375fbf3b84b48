import { hasProcessJobPort, processJobPort, type JobPort } from '@counterpoint/core';
import { bullmqProducer } from './queues.js';

/**
 * The web app's way to put work on a queue (written by the Sources/Import work, minimal on
 * purpose; J: replace or extend freely, keeping `jobPort(): JobPort`). In embedded mode the
 * in-process runner registered itself as the process's job port; in production jobs go to BullMQ.
 */
export function jobPort(): JobPort {
  return hasProcessJobPort() ? processJobPort() : bullmqProducer;
}
