import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { rowsOf } from '../open.js';
import { countQueue, listQueue, QUEUE_SEARCH_COUNT_CAP } from './signals.js';
import { ensureWorkbenchBenchData, workbenchBenchTargets } from './workbench-bench.js';

/**
 * The bench's data loader and the queue reads it made faster: search counts capped for common
 * words only, exact for rare ones, and the district filter answering the same rows through its
 * forced plan.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureWorkbenchBenchData(database.db, { items: 3000, signals: 3000 });
});
afterAll(async () => {
  await database?.drop();
});

describe('ensureWorkbenchBenchData', () => {
  it('loads once, then finds everything there', async () => {
    const again = await ensureWorkbenchBenchData(database.db, { items: 3000, signals: 3000 });
    expect(again).toEqual({ items: 3000, signals: 3000, loaded: [] });
    const [placed] = rowsOf<{ n: number }>(
      await database.db.execute('select count(distinct item_id)::int as n from item_districts'),
    );
    expect(placed!.n).toBe(3000);
  });
});

describe('queue search counts', () => {
  it('caps the counts of a common word and counts a rare one exactly', async () => {
    await database.db.execute('analyze items');
    const common = await countQueue(database.db, { q: 'consultation' });
    // 3,000 signals, half of them new: above the cap, so the count stops just past it.
    expect(common.new).toBe(QUEUE_SEARCH_COUNT_CAP + 1);
    expect(common.in_review).toBe(375);
    const targets = await workbenchBenchTargets(database.db, 2);
    const rare = await countQueue(database.db, { q: targets.rareWord });
    expect(Object.values(rare).reduce((a, b) => a + b, 0)).toBe(1);
    const page = await listQueue(database.db, { status: 'new', q: targets.rareWord });
    expect(page.rows.map((r) => r.id)).toEqual([targets.signalId]);
    const broad = await listQueue(database.db, { status: 'new', q: 'consultation' });
    expect(broad.rows).toHaveLength(50);
    expect(broad.next).not.toBeNull();
  });

  it('filters by district to the same rows as a plain check would', async () => {
    const targets = await workbenchBenchTargets(database.db, 0);
    const page = await listQueue(database.db, {
      status: 'new',
      districtId: targets.districtId,
      sort: 'newest',
    });
    const expected = rowsOf<{ id: string }>(
      await database.db.execute(`
        select s.id from signals s join item_districts d on d.item_id = s.item_id
        where s.status = 'new' and d.district_id = '${targets.districtId}' order by s.id desc limit 50`),
    ).map((r) => r.id);
    expect(page.rows.map((r) => r.id)).toEqual(expected);
    expect(page.rows.every((r) => r.districts.includes('Bench District 1'))).toBe(true);
  });
});
