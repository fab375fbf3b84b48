import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backoffDelay, defineJob, DEFAULT_JOB_OPTIONS } from './define.js';
import { JOB_CONTRACTS } from './contracts/index.js';
import { hasProcessJobPort, processJobPort, setProcessJobPort, type JobPort } from './port.js';

describe('job contracts', () => {
  it('fills default options and refuses names that are not kebab-case', () => {
    const c = defineJob({ name: 'x-y', queue: 'ingest', payload: z.object({ ids: z.array(z.string()) }) });
    expect(c.options).toEqual(DEFAULT_JOB_OPTIONS);
    expect(() => defineJob({ name: 'Bad:Name', queue: 'ingest', payload: z.object({}) })).toThrow(
      /kebab-case/,
    );
  });

  it('has unique names', () => {
    const names = JOB_CONTRACTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('doubles exponential backoff per retry', () => {
    const b = { type: 'exponential' as const, delayMs: 100 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(b, n))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay({ type: 'fixed', delayMs: 50 }, 3)).toBe(50);
  });

  it('keeps the process job port on globalThis', async () => {
    expect(hasProcessJobPort()).toBe(false);
    expect(() => processJobPort()).toThrow(/No job port/);
    const port: JobPort = { enqueue: () => Promise.resolve('job-1') };
    setProcessJobPort(port);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('counterpoint.jobPort')]).toBe(port);
    expect(await processJobPort().enqueue('audit-verify', {})).toBe('job-1');
    setProcessJobPort(undefined);
    expect(hasProcessJobPort()).toBe(false);
  });
});
