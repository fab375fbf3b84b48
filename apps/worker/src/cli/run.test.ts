import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run.js';

const secrets = {
  AUTH_SECRET: 'a'.repeat(40),
  PSEUDONYM_SECRET: 'p'.repeat(40),
  IDENTITY_KEY: Buffer.alloc(32, 7).toString('base64'),
};

async function cli(argv: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { LOG_LEVEL: 'silent', ...env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('against PostgreSQL', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...secrets,
    };
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('prints help on stdout', async () => {
    const r = await cli(['--help'], {});
    expect(r.code).toBe(0);
    for (const c of ['migrate', 'seed-demo', 'user', 'audit', 'worker']) expect(r.stdout).toContain(c);
  });

  it('migrates, seeds the demo, adds a user and verifies the audit chain', async () => {
    const migrate = await cli(['migrate'], env);
    expect(migrate).toMatchObject({ code: 0, stderr: '' });
    expect(migrate.stdout).toMatch(/^migrated \(postgres\); reference data: \d+ roles/);

    const seed = await cli(['seed-demo'], env);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toMatch(/Demo sign-ins:\n {2}\S+@\S+ +\S{12,} +\(admin\)/);

    const add = await cli(
      ['user', 'add', '--email', 'new.analyst@example.com', '--name', 'New Analyst', '--role', 'analyst'],
      env,
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(
      /^created usr_\S+ new\.analyst@example\.com \(analyst\)\npassword: [A-Za-z0-9_-]{24}\n$/,
    );

    const again = await cli(
      [
        'user',
        'add',
        '--email',
        'new.analyst@example.com',
        '--name',
        'X',
        '--role',
        'analyst',
        '--password',
        'long enough password',
      ],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^error: .+\n$/);
    expect(again.stderr).not.toMatch(/\n\s+at /);

    const badRole = await cli(
      ['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'wizard'],
      env,
    );
    expect(badRole).toMatchObject({ code: 1, stderr: 'error: "wizard" is not a role.\n' });

    const ok = await cli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ rows\n$/);

    await database.db.execute("update audit_log set actor_label = 'someone else' where seq = 2");
    const broken = await cli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^broken: row 2 \(aud_\S+\): /);
  });

  it('lists every bad variable and exits 1', async () => {
    const r = await cli(['audit', 'verify'], {
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      API_PORT: '99999',
    });
    expect(r.code).toBe(1);
    for (const v of ['DATABASE_URL', 'LOG_LEVEL', 'API_PORT', 'REDIS_URL']) expect(r.stderr).toContain(v);
    expect(r.stdout).toBe('');
  });

  it('rejects unknown commands and missing options plainly', async () => {
    expect((await cli(['frobnicate'], env)).code).toBe(1);
    const missing = await cli(['user', 'add', '--email', 'x@example.com'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option/);
  });

  it('refuses the worker command in embedded mode', async () => {
    const r = await cli(['worker'], { COUNTERPOINT_DATA_DIR: mkdtempSync(join(tmpdir(), 'cp-cli-')) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/production mode only/);
  });
});

describe('embedded (PGlite)', () => {
  it('migrates the data directory, and refuses it while another process holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
    const env = { COUNTERPOINT_DATA_DIR: dir };
    const migrate = await cli(['migrate'], env);
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toMatch(/^migrated \(pglite\)/);
    expect(await cli(['audit', 'verify'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ok: \d+ rows\n$/) as string,
    });

    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'pgdata.lock'), `${other.pid}\n`);
      const refused = await cli(['audit', 'verify'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/in use by process \d+/);
    } finally {
      other.kill();
    }
  }, 120_000);
});
