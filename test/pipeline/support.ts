import { randomBytes } from 'node:crypto';
import { rowsOf, type Db } from '@counterpoint/db';
import { Redis } from 'ioredis';

/** Pipeline tests need both services; they fail loudly (not skip) without them. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url)
    throw new Error('TEST_REDIS_URL is not set: run the suite with `npm test`, which provides Redis.');
  return url;
}

export function uniquePrefix(what: string): string {
  return `cptest-${what}-${randomBytes(4).toString('hex')}`;
}

/** Capture secrets for a test run: fresh each time, like a real deployment's. */
export function captureEnv(): Record<string, string> {
  return {
    AUTH_SECRET: randomBytes(24).toString('hex'),
    PSEUDONYM_SECRET: randomBytes(24).toString('hex'),
    IDENTITY_KEY: randomBytes(32).toString('base64'),
  };
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl());
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export async function count(db: Db, query: string): Promise<number> {
  return Number(rowsOf<{ n: string | number }>(await db.execute(query))[0]!.n);
}

/** Polls until `check` holds; throws (never hangs) after `timeoutMs`, saying what it last saw. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe?: () => Promise<string>,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${await describe()}` : ''}`,
  );
}

/**
 * Every place in the database where any of `needles` appears in clear: each text, varchar, json,
 * jsonb and array column of every table in the public schema, compared case-insensitively.
 */
export async function findInDatabase(db: Db, needles: readonly string[]): Promise<string[]> {
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`),
  );
  const pattern = needles.map((n) => n.replace(/[^A-Za-z0-9]/g, '\\$&')).join('|');
  const hits: string[] = [];
  for (const { table_name: t, column_name: c } of columns) {
    const found = rowsOf<{ v: string }>(
      await db.execute(`select "${c}"::text as v from "${t}" where "${c}"::text ~* '${pattern}' limit 3`),
    );
    for (const f of found) hits.push(`${t}.${c}: ${f.v.slice(0, 160)}`);
  }
  return hits;
}
