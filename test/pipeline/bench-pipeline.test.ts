import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase, rowsOf } from '@counterpoint/db';
import { describe, expect, it } from 'vitest';
import { testRedisUrl } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; pid: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['apps/worker/dist/cli/main.js', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, pid: child.pid ?? -1, stdout, stderr }));
  });
}

/**
 * `bench pipeline` on a few hundred posts: the real CLI, a real worker process, the configured
 * PostgreSQL and Redis. Checks what the command promises (its closing JSON line, every post stored
 * with exactly one score, its databases dropped afterwards), never how fast it was.
 */
describe('bench pipeline', () => {
  it('pushes every post through to one stored score and reports the figures as one JSON line', async () => {
    const databaseUrl = process.env.TEST_DATABASE_URL;
    if (!databaseUrl) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`.');
    const out = await run(['bench', 'pipeline', '--posts', '300', '--workers', '1', '--window', '1000'], {
      TEST_DATABASE_URL: databaseUrl,
      TEST_REDIS_URL: testRedisUrl(),
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/scored \d+ of 300|pipeline: 300 posts/);
    const lines = out.stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    for (const key of ['postsPerSecond', 'copyRowsPerSecond', 'ratio', 'p50LatencyMs', 'p95LatencyMs'])
      expect(typeof result[key], key).toBe('number');
    expect(result.postsPerSecond).toBeGreaterThan(0);
    expect(result.copyRowsPerSecond).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(
      (result.postsPerSecond as number) / (result.copyRowsPerSecond as number),
      1,
    );
    expect(result.p95LatencyMs as number).toBeGreaterThanOrEqual(result.p50LatencyMs as number);
    const rss = result.peakRssMb as Record<string, number>;
    expect(Object.keys(rss).sort()).toEqual(['bench', 'worker-1']);
    expect(rss['worker-1']).toBeGreaterThan(20);
    expect(result.posts).toBe(300);
    expect(result.storedItems).toBe(300);
    expect(result.scoredOnce).toBe(300);

    const admin = await openDatabase({ url: databaseUrl, max: 1 });
    try {
      const left = rowsOf(
        await admin.db.execute(
          `select datname from pg_database where datname like 'counterpoint_bench_${out.pid}%'`,
        ),
      );
      expect(left).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('refuses a post count that is not a whole number', async () => {
    const out = await run(['bench', 'pipeline', '--posts', 'many'], {});
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/--posts must be a whole number/);
  });
});
