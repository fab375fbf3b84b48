import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run.js';

const secrets = {
  AUTH_SECRET: 'a'.repeat(40),
  PSEUDONYM_SECRET: 'p'.repeat(40),
  IDENTITY_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('source and api-key commands', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...secrets,
    };
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  it('adds, lists, disables, enables and resumes sources', async () => {
    const add = await cli(
      'source',
      'add',
      '--kind',
      'rss',
      '--name',
      'Paper',
      '--url',
      'https://paper.example/feed',
      '--interval',
      '30',
    );
    expect(add.code).toBe(0);
    const id = /^created (src_\S+) rss "Paper" every 30 min\n$/.exec(add.stdout)?.[1];
    expect(id).toBeDefined();

    const bad = await cli(
      'source',
      'add',
      '--kind',
      'rss',
      '--name',
      'X',
      '--url',
      'ftp://x.example/',
      '--interval',
      '2',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: The source is not valid: url must be an http/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    expect((await cli('source', 'disable', id!)).stdout).toBe(`disabled ${id}\n`);
    let list = await cli('source', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(
      /^ID\s+KIND\s+NAME\s+STATUS\s+EVERY\s+LAST SUCCESS\s+FAILS\s+ITEMS/,
    );
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+rss\\s+Paper\\s+disabled\\s+30m`));
    expect((await cli('source', 'enable', id!)).code).toBe(0);
    expect((await cli('source', 'resume', id!)).stdout).toBe(`resumed ${id}\n`);
    list = await cli('source', 'list', '--json');
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ id, status: 'new', consecutiveFailures: 0 });
    expect((await cli('source', 'enable', 'src_nope')).stderr).toBe(
      'error: Source src_nope was not found.\n',
    );
  });

  it('creates a key once, lists it without the secret, and revokes it', async () => {
    const push = await cli('source', 'add', '--kind', 'push', '--name', 'Partner');
    const sourceId = /created (src_\S+)/.exec(push.stdout)![1]!;
    const created = await cli('api-key', 'create', '--source', sourceId, '--name', 'partner system');
    expect(created.code).toBe(0);
    const [, keyId, token] = /^created (key_\S+) .*\nkey: (cp_[0-9a-f]{8}_\S+)\n$/.exec(created.stdout) ?? [];
    expect(token).toBeDefined();
    expect(created.stderr).toMatch(/cannot be shown again/);
    const list = await cli('api-key', 'list');
    expect(list.stdout).toContain(keyId);
    expect(list.stdout).not.toContain(token!.slice(12));
    expect((await cli('api-key', 'revoke', keyId!)).stdout).toBe(`revoked ${keyId}\n`);
    expect((await cli('api-key', 'list')).stdout).toMatch(new RegExp(`${keyId}.*revoked`));
  });
});
