import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from './open.js';

/**
 * A fresh PostgreSQL database for one test file, cloned from a migrated template so each test
 * makes its own data without paying for the migrations again. Needs TEST_DATABASE_URL (npm test
 * sets it, starting a private server when none is given).
 */
export interface TestDatabase extends Database {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: run the suite with `npm test`, which provides PostgreSQL.',
    );
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function migrationsFingerprint(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_FOLDER).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(MIGRATIONS_FOLDER, f)));
  }
  return h.digest('hex').slice(0, 12);
}

async function ensureTemplate(admin: postgres.Sql, baseUrl: string): Promise<string> {
  const template = `cp_template_${migrationsFingerprint()}`;
  // A session-level lock on a reserved connection: CREATE DATABASE cannot run in a transaction,
  // and test files starting together must build the template only once.
  const conn = await admin.reserve();
  try {
    await conn`select pg_advisory_lock(7263514)`;
    const [found] = await conn`select 1 from pg_database where datname = ${template}`;
    if (!found) {
      const build = `${template}_build`;
      await conn.unsafe(`drop database if exists "${build}"`);
      await conn.unsafe(`create database "${build}"`);
      const db = await openDatabase({ url: withDatabase(baseUrl, build), max: 1 });
      await db.migrate();
      await db.close();
      await conn.unsafe(`alter database "${build}" rename to "${template}"`);
    }
    await conn`select pg_advisory_unlock(7263514)`;
  } finally {
    conn.release();
  }
  return template;
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const baseUrl = testDatabaseUrl();
  const admin = postgres(baseUrl, { max: 2, onnotice: () => {} });
  const name = `cp_test_${randomBytes(6).toString('hex')}`;
  try {
    if (options.migrated === false) {
      await admin.unsafe(`create database "${name}"`);
    } else {
      const template = await ensureTemplate(admin, baseUrl);
      await admin.unsafe(`create database "${name}" template "${template}"`);
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(baseUrl, name);
  const db = await openDatabase({ url, max: 4 });
  return {
    ...db,
    url,
    name,
    async drop() {
      await db.close();
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}
