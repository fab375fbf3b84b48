import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, rowsOf } from './open.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('migrations', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of opened) await d.drop();
  });

  it('build the whole schema on an empty PostgreSQL database', async () => {
    const d = await createTestDatabase({ migrated: false });
    opened.push(d);
    await d.migrate();
    const tables = rowsOf<{ table_name: string }>(
      await d.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_log', 'api_keys']));
    // Running them again is a no-op.
    await d.migrate();
  });

  it('agree with the schema (drizzle-kit generates nothing new)', () => {
    // drizzle-kit only takes an output folder relative to the package.
    const out = mkdtempSync(join(PACKAGE_DIR, '.drift-'));
    try {
      cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
      const before = readdirSync(out).sort();
      const r = spawnSync(
        'pnpm',
        [
          'exec',
          'drizzle-kit',
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          './dist/schema/index.js',
          '--out',
          relative(PACKAGE_DIR, out),
        ],
        { cwd: PACKAGE_DIR, encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(out).sort()).toEqual(before);
      expect(`${r.stdout}${r.stderr}`).toMatch(/No schema changes/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
