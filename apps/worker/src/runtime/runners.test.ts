import { defineJob, parseConfig } from '@counterpoint/core';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineHandler, type JobDefinition } from '../jobs/types.js';
import { makeRunner, waitFor, type RunnerKind, type RunnerUnderTest } from '../testing/runners.js';
import { buildRegistry } from './registry.js';
import { errorMessage } from './runner.js';

// Jobs of these tests' own, recording what happened into `log`.
const log = {
  attempts: new Map<string, number[]>(),
  done: [] as string[],
  reset() {
    this.attempts.clear();
    this.done.length = 0;
  },
  attempt(key: string) {
    const list = this.attempts.get(key) ?? [];
    list.push(Date.now());
    this.attempts.set(key, list);
    return list.length;
  },
};

const flakyContract = defineJob({
  name: 'test-flaky',
  queue: 'score',
  payload: z.object({ key: z.string(), failTimes: z.number().int() }),
  options: { attempts: 4, backoff: { type: 'exponential', delayMs: 100 } },
});
const okContract = defineJob({
  name: 'test-ok',
  queue: 'maintenance',
  payload: z.object({ key: z.string() }),
  options: { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } },
});

const jobs: JobDefinition[] = [
  defineHandler({
    contract: flakyContract,
    handle({ key, failTimes }) {
      const n = log.attempt(key);
      if (n <= failTimes) return Promise.reject(new Error(`flaky failure ${n}`));
      log.done.push(key);
      return Promise.resolve(n);
    },
  }),
  defineHandler({
    contract: okContract,
    handle({ key }) {
      log.attempt(key);
      log.done.push(key);
      return Promise.resolve(key);
    },
  }),
];
const registry = buildRegistry(jobs, [flakyContract, okContract]);
const config = parseConfig({});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe.each<RunnerKind>(['in-process', 'bullmq'])('%s runner', (kind) => {
  let under: RunnerUnderTest;
  const start = async (concurrency = 2) => {
    log.reset();
    under = makeRunner(kind, { registry, db: database.db, config, concurrency });
    await under.runner.start();
    return under.runner;
  };
  afterEach(async () => {
    await under?.cleanup();
  });

  it('retries a failing job with growing backoff, without holding up other jobs', async () => {
    const runner = await start();
    await runner.enqueue('test-flaky', { key: 'flaky', failTimes: 3 });
    for (let i = 0; i < 5; i++) await runner.enqueue('test-ok', { key: `ok${i}` });
    // The other jobs finish while the flaky one is still backing off.
    await waitFor(() => log.done.filter((k) => k.startsWith('ok')).length === 5, 10_000, 'ok jobs');
    expect(log.done).not.toContain('flaky');
    await waitFor(() => log.done.includes('flaky'), 15_000, 'flaky job');
    const times = log.attempts.get('flaky')!;
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 100, 200, 400 ms nominal: each wait is at least its backoff and longer than the one before.
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThanOrEqual(390);
    expect(gaps[1]! > gaps[0]! && gaps[2]! > gaps[1]!).toBe(true);
    expect(under.metrics.failureCount('test-flaky')).toBe(3);
  });

  it('records a job that used up its attempts, and retries it on request', async () => {
    const runner = await start();
    const id = await runner.enqueue('test-flaky', { key: 'doomed', failTimes: 5 }, { attempts: 2 });
    await waitFor(async () => (await runner.failures()).some((f) => f.id === id), 10_000, 'failure');
    const [failure] = await runner.failures();
    expect(failure).toMatchObject({
      id,
      name: 'test-flaky',
      queue: 'score',
      attempts: 2,
      error: 'flaky failure 2',
    });
    expect((await runner.depths()).score.failed).toBe(1);
    await runner.retry(id);
    await waitFor(() => (log.attempts.get('doomed')?.length ?? 0) >= 3, 10_000, 'retried attempt');
  });

  it('runs a delayed job after its delay', async () => {
    const runner = await start();
    const queuedAt = Date.now();
    await runner.enqueue('test-ok', { key: 'later' }, { delayMs: 400 });
    await new Promise((r) => setTimeout(r, 100));
    expect((await runner.depths()).maintenance.delayed).toBe(1);
    await waitFor(() => log.done.includes('later'), 5_000, 'delayed job');
    expect(log.attempts.get('later')![0]! - queuedAt).toBeGreaterThanOrEqual(390);
  });

  it('repeats a repeating job', async () => {
    const runner = await start();
    await runner.repeat('test-ok', { key: 'tick' }, { everyMs: 150 });
    await waitFor(() => (log.attempts.get('tick')?.length ?? 0) >= 3, 5_000, 'three repeats');
  });

  it('fails an invalid payload cleanly, once, and keeps working', async () => {
    const runner = await start();
    const bad = await runner.enqueue('test-ok', { key: 42 });
    await runner.enqueue('test-ok', { key: 'after' });
    await waitFor(
      async () => (await runner.failures()).some((f) => f.id === bad),
      5_000,
      'invalid job to fail',
    );
    const failure = (await runner.failures()).find((f) => f.id === bad)!;
    expect(failure.error).toMatch(/Invalid payload for job "test-ok": key: /);
    expect(failure.attempts).toBe(1);
    await waitFor(() => log.done.includes('after'), 5_000, 'next job');
  });

  it('de-duplicates by jobId while a job is pending', async () => {
    const runner = await start();
    const a = await runner.enqueue('test-ok', { key: 'dup' }, { jobId: 'same', delayMs: 300 });
    const b = await runner.enqueue('test-ok', { key: 'dup' }, { jobId: 'same', delayMs: 300 });
    expect(a).toBe('same');
    expect(b).toBe('same');
    await waitFor(() => log.done.includes('dup'), 5_000, 'dup');
    await new Promise((r) => setTimeout(r, 200));
    expect(log.done.filter((k) => k === 'dup')).toHaveLength(1);
    // Once finished, the same id may be used again.
    await runner.enqueue('test-ok', { key: 'dup' }, { jobId: 'same' });
    await waitFor(() => log.done.filter((k) => k === 'dup').length === 2, 5_000, 'second dup');
  });

  it('rejects an unknown job name at enqueue', async () => {
    const runner = await start();
    await expect(runner.enqueue('no-such-job', {})).rejects.toThrow(/Unknown job "no-such-job"/);
  });
});

describe('buildRegistry', () => {
  it('fails at boot when a contract has no handler', () => {
    const orphan = defineJob({ name: 'test-orphan', queue: 'collect', payload: z.object({}) });
    expect(() => buildRegistry(jobs, [flakyContract, okContract, orphan])).toThrow(
      /"test-orphan" has no handler/,
    );
  });

  it('fails when a contract has two handlers', () => {
    expect(() => buildRegistry([...jobs, jobs[0]!], [flakyContract, okContract])).toThrow(
      /"test-flaky" has more than one handler/,
    );
  });

  it('fails when a handler has no listed contract', () => {
    expect(() => buildRegistry(jobs, [okContract])).toThrow(/handler for "test-flaky" has no contract/);
  });
});

describe('errorMessage', () => {
  it("keeps a failed query's driver message and drops its SQL and parameters", () => {
    const wrapped = new Error(
      'Failed query: insert into items (id, text, author_pseudonym) values ($1, $2, $3)\nparams: itm_1,A private post,psn_x',
      { cause: new Error('write CONNECTION_CLOSED 127.0.0.1:5432') },
    );
    expect(errorMessage(wrapped)).toBe(
      'Database query failed (insert into …): write CONNECTION_CLOSED 127.0.0.1:5432',
    );
    expect(errorMessage(new Error('The source no longer exists'))).toBe('The source no longer exists');
    expect(errorMessage('plain')).toBe('plain');
  });
});
