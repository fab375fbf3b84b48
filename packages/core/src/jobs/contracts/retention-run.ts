import { z } from 'zod';
import { defineJob } from '../define.js';
import { trendsRefreshJob } from './trends-refresh.js';

/**
 * Applies the retention policies: deletes (or, for contacts, erases) what is past its period, in
 * batches, skipping anything under legal hold, and writes a receipt with counts per data class to
 * retention_runs and the audit trail. Scheduled daily. Started from Admin, it carries the id of the
 * run row the page shows progress for; the schedule and the CLI let the handler make one.
 */
export const retentionRunJob = defineJob({
  name: 'retention-run',
  queue: 'maintenance',
  payload: z
    .object({
      /** An existing queued run (Admin creates it so the page can follow it). */
      runId: z
        .string()
        .regex(/^rrn_[0-9a-z]{26}$/)
        .optional(),
    })
    .strict(),
  // One attempt: a failed run is recorded as failed; the next daily run simply carries on.
  options: { attempts: 1 },
});

/**
 * How many recent days the trends job recounts (its default window). Retention leaves content
 * dated inside it alone, so a recount can never lower a count after the content behind it has gone.
 */
export const RETENTION_TREND_WINDOW_DAYS: number = trendsRefreshJob.payload.parse({}).days;
