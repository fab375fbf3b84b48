import { JOB_CONTRACTS, type JobContract, type QueueName } from '@counterpoint/core';
import type { JobDefinition } from '../jobs/types.js';

/** Every job the runners can run, by name, checked against the contracts at boot. */
export interface JobRegistry {
  get(name: string): JobDefinition | undefined;
  all(): readonly JobDefinition[];
  queues(): QueueName[];
}

/**
 * Pairs each contract with exactly one handler. A contract without a handler would let the web
 * app enqueue work nobody runs, so the worker refuses to start instead; two handlers for one
 * contract, or a handler whose contract is not listed, are mistakes of the same kind.
 */
export function buildRegistry(
  jobs: readonly JobDefinition[],
  contracts: readonly JobContract[] = JOB_CONTRACTS,
): JobRegistry {
  const problems: string[] = [];
  const byName = new Map<string, JobDefinition>();
  for (const job of jobs) {
    const name = job.contract.name;
    if (byName.has(name)) problems.push(`job "${name}" has more than one handler`);
    else byName.set(name, job);
    const listed = contracts.find((c) => c.name === name);
    if (!listed) problems.push(`handler for "${name}" has no contract in the contract list`);
    else if (listed !== job.contract) problems.push(`handler for "${name}" uses a different contract object`);
    if (job.schedule && !(job.schedule.everyMs > 0))
      problems.push(`job "${name}" has a schedule without everyMs`);
  }
  for (const c of contracts) if (!byName.has(c.name)) problems.push(`job "${c.name}" has no handler`);
  if (problems.length > 0) throw new Error(`Job registry is incomplete:\n  ${problems.join('\n  ')}`);
  const list = [...byName.values()];
  return {
    get: (name) => byName.get(name),
    all: () => list,
    queues: () => [...new Set(list.map((j) => j.contract.queue))],
  };
}
