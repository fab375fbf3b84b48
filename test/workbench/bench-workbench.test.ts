import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dropBenchDatabase } from '@counterpoint/db/queries/workbench-bench';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGES = [
  'queueFirst',
  'queueDeep',
  'filtered',
  'searchSelective',
  'searchBroad',
  'signal',
  'dashboard',
];

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
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
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * `bench workbench` on a tiny data set: the real CLI loading its own database, the built web app
 * signed in as an analyst, every page fetched and the queue page loaded. Checks the shape of what
 * it prints and that a second run reuses the data, never how fast anything was.
 */
describe('bench workbench', () => {
  const serverUrl = process.env.TEST_DATABASE_URL ?? '';
  const redisUrl = process.env.TEST_REDIS_URL ?? '';
  const name = `cp_bench_wb_${randomBytes(5).toString('hex')}`;
  const args = [
    'bench',
    'workbench',
    '--items',
    '2000',
    '--signals',
    '200',
    '--rounds',
    '3',
    '--seconds',
    '1',
  ];
  const env = { DATABASE_URL: serverUrl, REDIS_URL: redisUrl };

  afterAll(async () => {
    if (serverUrl) await dropBenchDatabase(serverUrl, name);
  });

  it('prints p50/p95 server time per page and the queue page’s requests per second as one JSON line', async () => {
    if (!serverUrl || !redisUrl)
      throw new Error('TEST_DATABASE_URL / TEST_REDIS_URL are not set: run `npm test`.');
    const first = await run([...args, '--connections', '5', '--depth', '2', '--database', name], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/loading 2000 items and 200 signals/);
    const lines = first.stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]!) as {
      bench: string;
      items: number;
      signals: number;
      pages: Record<string, { path: string; server: { p50: number; p95: number }; bytes: number }>;
      queueLoad: { connections: number; rps: number; requests: number; errors: number };
      load: { start: number[]; end: number[] };
    };
    expect(result.bench).toBe('workbench');
    expect(result.items).toBe(2000);
    expect(result.signals).toBe(200);
    expect(Object.keys(result.pages).sort()).toEqual([...PAGES].sort());
    for (const page of PAGES) {
      const p = result.pages[page]!;
      expect(p.server.p50, page).toBeGreaterThan(0);
      expect(p.server.p95, page).toBeGreaterThanOrEqual(p.server.p50);
      expect(p.bytes, page).toBeGreaterThan(1000);
    }
    expect(result.pages.queueDeep!.path).toMatch(/after=/);
    expect(result.pages.filtered!.path).toMatch(/district=dst_/);
    expect(result.pages.signal!.path).toMatch(/^\/signals\/sig_/);
    expect(result.queueLoad.connections).toBe(5);
    expect(result.queueLoad.requests).toBeGreaterThan(0);
    expect(result.queueLoad.errors).toBe(0);
    expect(result.queueLoad.rps).toBeGreaterThan(0);
    expect(result.load.start).toHaveLength(3);
    expect(result.load.end).toHaveLength(3);
    // The human-readable table comes before the JSON line.
    expect(first.stdout).toMatch(/queue page at 5 connections: [\d.]+ requests\/s/);

    // The data is there now: a second run measures without loading anything.
    const second = await run([...args, '--connections', '2', '--depth', '1', '--database', name], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/reusing the bench data/);
    expect(second.stderr).not.toMatch(/loading 2000 items/);
  }, 240_000);

  it('refuses a database name that is not a plain identifier, before touching anything', async () => {
    const out = await run(['bench', 'workbench', '--database', 'x; drop table users'], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/--database must be a plain name/);
  });
});
