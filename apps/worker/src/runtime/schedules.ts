import type { JobRegistry } from './registry.js';
import type { JobRunner } from './runner.js';

/** Starts every job's schedule on a runner (idempotent: BullMQ keeps one scheduler per job). */
export async function applySchedules(runner: JobRunner, registry: JobRegistry): Promise<void> {
  for (const job of registry.all()) {
    if (job.schedule)
      await runner.repeat(job.contract.name, job.schedule.payload, { everyMs: job.schedule.everyMs });
  }
}
