import { addDays, londonDay, newId } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf, type Database, type Db } from '../open.js';
import { fillSignalSearchIndex } from './triage-wellbeing.js';
import { listQueue } from './signals.js';
import { generateTriageData } from './triage-generate.js';
import { refreshTrendCounts } from './trends.js';

/**
 * The data behind `counterpoint bench workbench` (docs/performance.md, Workbench): a dedicated
 * database on the configured server, loaded once with the triage generator plus what the pages
 * need to do real work (districts on the signals' items for the filtered view, the search index,
 * the dashboard's trend counts), and reused by later runs because a million rows take minutes.
 */

/** The server's URL with another database name in its path. */
export function databaseUrlFor(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens (creating it when missing) the named database on the server, migrated. */
export async function openBenchDatabase(
  serverUrl: string,
  name: string,
): Promise<Database & { url: string }> {
  if (!NAME.test(name)) throw new Error(`“${name}” is not a plain database name (a-z, 0-9, _)`);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(serverUrl, name);
  const database = await openDatabase({ url, max: 4 });
  await database.migrate();
  return { ...database, url };
}

/** Drops a bench database (the bench test's clean-up). */
export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!NAME.test(name)) throw new Error(`“${name}” is not a plain database name`);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

export interface BenchDataOptions {
  items: number;
  signals: number;
  /** Progress lines for the person waiting (a load of 1M items takes minutes). */
  say?: (line: string) => void;
}

export interface BenchDataReport {
  items: number;
  signals: number;
  /** What this run had to load; empty when everything was there already. */
  loaded: string[];
}

async function scalar(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number | string | null }>(await db.execute(query));
  return Number(row?.n ?? 0);
}

const DISTRICTS = 6;

/**
 * Loads whatever part of the bench data is missing: items and signals (when fewer than asked for
 * are there), bench districts on the signals' items, the search vectors and the trend counts.
 */
export async function ensureWorkbenchBenchData(db: Db, opts: BenchDataOptions): Promise<BenchDataReport> {
  const say = opts.say ?? (() => {});
  const loaded: string[] = [];
  let items = await scalar(db, sql`select count(*)::int as n from items`);
  let signals = await scalar(db, sql`select count(*)::int as n from signals`);
  if (items < opts.items || signals < opts.signals) {
    say(`loading ${opts.items} items and ${opts.signals} signals (a million take several minutes)`);
    const started = Date.now();
    await generateTriageData(db, {
      items: opts.items,
      signals: opts.signals,
      onProgress: (done, total) => {
        const secs = Math.round((Date.now() - started) / 1000);
        say(`  ${done}/${total} items (${secs} s)`);
      },
    });
    loaded.push('items');
    items = await scalar(db, sql`select count(*)::int as n from items`);
    signals = await scalar(db, sql`select count(*)::int as n from signals`);
  }

  // Districts: a bench county with six districts, one per signal's item, so the filtered view
  // has a district to filter on (the generator leaves items without places).
  const haveDistricts = await scalar(
    db,
    sql`select count(*)::int as n from item_districts x join districts d on d.id = x.district_id where d.slug like 'bench-%'`,
  );
  if (haveDistricts === 0) {
    say('placing the signals in bench districts');
    const county = newId('district');
    const ids = Array.from({ length: DISTRICTS }, () => newId('district'));
    // One transaction, so a run stopped half-way leaves no districts without their items.
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into districts (id, parent_id, tier, slug, name)
        values (${county}, null, 'county', 'bench-county', 'Bench County')`);
      await tx.execute(sql`
        insert into districts (id, parent_id, tier, slug, name)
        select (${`{${ids.join(',')}}`}::text[])[n], ${county}, 'district', 'bench-district-' || n,
               'Bench District ' || n
        from generate_series(1, ${DISTRICTS}::int) n`);
      await tx.execute(sql`
        insert into item_districts (item_id, district_id, via)
        select s.item_id, (${`{${ids.join(',')}}`}::text[])[1 + abs(hashtext(s.item_id)) % ${DISTRICTS}::int],
               'gazetteer'
        from signals s
        on conflict do nothing`);
    });
    await db.execute(sql`analyze districts, item_districts`);
    loaded.push('districts');
  }

  // Search vectors for every signal's item (what `counterpoint search-index` does).
  let after: string | null = null;
  let indexed = 0;
  for (;;) {
    const { filled, upTo } = await fillSignalSearchIndex(db, { batch: 5000, after });
    after = upTo;
    indexed += filled;
    if (filled > 0 && indexed % 20_000 < 5000) say(`  ${indexed} search vectors filled`);
    if (filled === 0) break;
  }
  if (indexed > 0) {
    await db.execute(sql`analyze items`);
    loaded.push('search');
  }

  // The dashboard's charts read trend_counts over the last 28 days; fill them once.
  const trendRows = await scalar(db, sql`select count(*)::int as n from trend_counts`);
  if (trendRows === 0) {
    say('computing the dashboard’s trend counts');
    const to = londonDay(new Date());
    await refreshTrendCounts(db, { from: addDays(to, -27), to });
    loaded.push('trends');
  }
  return { items, signals, loaded };
}

export interface BenchTargets {
  /** A new signal in the middle of the queue, for the signal page. */
  signalId: string;
  /** A bench district for the filtered view. */
  districtId: string;
  /** The queue's cursor `depth` pages in (or the deepest page there is). */
  deepCursor: string | null;
  deepPages: number;
  /** A word found in one post (selective search) and one found in every post (broad). */
  rareWord: string;
  commonWord: string;
}

/** Picks the pages' parameters from the data, following the real keyset cursor for the deep page. */
export async function workbenchBenchTargets(db: Db, depth: number): Promise<BenchTargets> {
  const [middle] = rowsOf<{ id: string; external_id: string }>(
    await db.execute(sql`
      select s.id, i.external_id from signals s join items i on i.id = s.item_id
      where s.status = 'new' order by s.id
      offset (select count(*) / 2 from signals where status = 'new') limit 1`),
  );
  if (!middle) throw new Error('The bench database has no new signals');
  const [district] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from districts where slug = 'bench-district-1'`),
  );
  let cursor: string | null = null;
  let pages = 0;
  for (; pages < depth; pages++) {
    const page = await listQueue(db, { status: 'new' }, cursor);
    if (!page.next) break;
    cursor = page.next;
  }
  return {
    signalId: middle.id,
    districtId: district?.id ?? '',
    deepCursor: cursor,
    deepPages: pages,
    // Generated posts read "Generated post <n> about the consultation on …": n is in one post.
    rareWord: middle.external_id,
    commonWord: 'consultation',
  };
}
