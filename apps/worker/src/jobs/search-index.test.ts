import { parseConfig } from '@counterpoint/core';
import { rowsOf, seedDemo } from '@counterpoint/db';
import { generateTriageData } from '@counterpoint/db/queries/triage-generate';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JOBS } from './index.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  await generateTriageData(database.db, { items: 300, signals: 60 });
  // As ingest leaves them: no vector anywhere.
  await database.db.execute('update items set search = null');
});
afterAll(async () => {
  await database?.drop();
});

const counts = async () =>
  rowsOf<{ signal_items: number; indexed_signal_items: number; indexed_others: number }>(
    await database.db.execute(`
      select count(*) filter (where s.id is not null)::int as signal_items,
             count(*) filter (where s.id is not null and i.search is not null)::int as indexed_signal_items,
             count(*) filter (where s.id is null and i.search is not null)::int as indexed_others
      from items i left join signals s on s.item_id = i.id`),
  )[0]!;

it('search-index fills the vectors of every signal’s item, and of nothing else, off the ingest path', async () => {
  const before = await counts();
  expect(before.signal_items).toBeGreaterThanOrEqual(60);
  expect(before.indexed_signal_items).toBe(0);
  const { runner, cleanup } = makeRunner('in-process', {
    registry: buildRegistry(JOBS),
    db: database.db,
    config: parseConfig({}),
  });
  await runner.start();
  try {
    await runner.enqueue('search-index', { budgetMs: 100 });
    await waitFor(
      async () => (await counts()).indexed_signal_items === before.signal_items,
      20_000,
      'signals indexed',
    );
    expect((await counts()).indexed_others).toBe(0);
    const [hit] = rowsOf<{ n: number }>(
      await database.db.execute(
        `select count(*)::int as n from items where search @@ plainto_tsquery('english', 'generated')`,
      ),
    );
    expect(hit!.n).toBeGreaterThan(0);
  } finally {
    await cleanup();
  }
});
