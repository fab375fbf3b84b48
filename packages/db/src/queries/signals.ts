import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { DomainError } from '@counterpoint/core';
import { rowsOf, type Db } from '../open.js';
import { items } from '../schema/items.js';
import { CATEGORIES } from '../schema/scoring.js';
import { districts } from '../schema/geography.js';
import { sources } from '../schema/sources.js';
import { SIGNAL_STATUSES, signals, type SignalStatus } from '../schema/triage.js';
import { users } from '../schema/users.js';

/**
 * The triage queue. Order (docs/triage.md): `priority desc, id desc`. `priority` is stored when the
 * signal is scored (score + a lift for cluster size and for the uncertain band); recency breaks
 * ties because ids are time-sortable, and the "Newest" sort (`id desc`) is there when recency
 * matters more. Both orders page by KEYSET — the cursor is the last row's (priority, id) or (id) —
 * never OFFSET, so a deep page costs what the first one does (signals_queue_idx).
 */

export const QUEUE_PAGE_SIZE = 50;
export const QUEUE_SORTS = ['priority', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const SCORE_BANDS_FILTER = ['signal', 'uncertain'] as const;

export interface QueueFilter {
  status: SignalStatus;
  category?: string | undefined;
  districtId?: string | undefined;
  sourceId?: string | undefined;
  language?: string | undefined;
  band?: 'signal' | 'uncertain' | undefined;
  /** 'me' and 'none' are resolved by the caller into a user id or null. */
  assignee?: { kind: 'user'; id: string } | { kind: 'none' } | undefined;
  /** Inclusive day bounds on when the signal was raised (yyyy-mm-dd, UTC). */
  from?: string | undefined;
  to?: string | undefined;
  /** Full-text search over the item's stored tsvector (see signals-search.ts). */
  q?: string | undefined;
  sort?: QueueSort | undefined;
}

export interface QueueRow {
  id: string;
  status: SignalStatus;
  priority: number;
  category: string | null;
  uncertain: boolean;
  createdAt: Date;
  title: string | null;
  excerpt: string;
  platform: string;
  language: string | null;
  sourceName: string;
  score: number | null;
  clusterSize: number;
  districts: string[];
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface QueuePage {
  rows: QueueRow[];
  /** Opaque cursor for the next page, or null on the last page. */
  next: string | null;
}

export function isSignalStatus(v: unknown): v is SignalStatus {
  return typeof v === 'string' && (SIGNAL_STATUSES as readonly string[]).includes(v);
}

/** Cursor: base64url of JSON [priorityText, id] (priority sort) or [id] (newest). */
export function encodeCursor(sort: QueueSort, row: Pick<QueueRow, 'priority' | 'id'>): string {
  const parts = sort === 'priority' ? [String(row.priority), row.id] : [row.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(sort: QueueSort, cursor: string): { priority?: string; id: string } {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.every((p) => typeof p === 'string')) {
      if (sort === 'priority' && parts.length === 2 && Number.isFinite(Number(parts[0])))
        return { priority: parts[0], id: parts[1] as string };
      if (sort === 'newest' && parts.length === 1) return { id: parts[0] as string };
    }
  } catch {
    // fall through
  }
  throw new DomainError('invalid_input', 'That page link is no longer valid.');
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The WHERE conditions every filter but status adds (shared by the page and the tab counts). */
export function filterConditions(f: QueueFilter, search: 'index' | 'scan' = 'index'): SQL[] {
  const out: SQL[] = [];
  if (f.category) out.push(eq(signals.category, f.category));
  if (f.band === 'uncertain') out.push(eq(signals.uncertain, true));
  if (f.band === 'signal') out.push(eq(signals.uncertain, false));
  if (f.assignee?.kind === 'user') out.push(eq(signals.assigneeId, f.assignee.id));
  if (f.assignee?.kind === 'none') out.push(sql`${signals.assigneeId} is null`);
  if (f.from && DAY_RE.test(f.from)) out.push(gte(signals.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to && DAY_RE.test(f.to)) {
    const end = new Date(`${f.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    out.push(lt(signals.createdAt, end));
  }
  if (f.districtId)
    out.push(
      sql`exists (select 1 from item_districts d where d.item_id = ${signals.itemId} and d.district_id = ${f.districtId})`,
    );
  if (f.sourceId) out.push(eq(items.sourceId, f.sourceId));
  if (f.language) out.push(eq(items.language, f.language));
  const q = f.q?.trim();
  // 'scan' checks each candidate row instead of asking the GIN index for every match (an
  // expression the index cannot serve), for the recent window where the rows are few.
  if (q && search === 'index') out.push(sql`${items.search} @@ websearch_to_tsquery('english', ${q})`);
  if (q && search === 'scan')
    out.push(sql`(${items.search} || ''::tsvector) @@ websearch_to_tsquery('english', ${q})`);
  return out;
}

/** Item filters need the items join; the others can count signals alone. */
function needsItems(f: QueueFilter): boolean {
  return Boolean(f.sourceId || f.language || f.q?.trim());
}

/** One page of the queue. With a search term the order is newest first (see docs/triage.md). */
export async function listQueue(
  db: Db,
  filter: QueueFilter,
  cursor?: string | null,
  limit = QUEUE_PAGE_SIZE,
): Promise<QueuePage> {
  const sort: QueueSort = filter.q?.trim() ? 'newest' : (filter.sort ?? 'priority');
  const where = [eq(signals.status, filter.status), ...filterConditions(filter)];
  const keyset: SQL[] = [];
  let after: { priority?: string; id: string } | undefined;
  if (cursor) {
    after = decodeCursor(sort, cursor);
    // The cursor's priority is the text Postgres printed for a real: cast back to real so the
    // comparison is exact (a float8 parameter would never equal the stored float4).
    keyset.push(
      sort === 'priority'
        ? sql`(${signals.priority}, ${signals.id}) < (${after.priority}::real, ${after.id})`
        : lt(signals.id, after.id),
    );
  }
  if (
    sort === 'newest' &&
    filter.q?.trim() &&
    needsRecentWindow(await estimatedMatches(db, filter.q.trim()))
  ) {
    // A broad term matches most posts: the GIN index would hand back all of them to be sorted.
    // Look in the newest RECENT_WINDOW signals first (a primary-key range) and only search the
    // rest when that does not fill a page.
    const [floor] = await db
      .select({ id: signals.id })
      .from(signals)
      .where(after ? lt(signals.id, after.id) : undefined)
      .orderBy(desc(signals.id))
      .offset(RECENT_WINDOW)
      .limit(1);
    if (floor) {
      const scan = [eq(signals.status, filter.status), ...filterConditions(filter, 'scan')];
      // The window is a few thousand rows reached by a primary-key range: a nested loop from
      // signals to items is right, but the planner cannot see the range's size (a parameter) and
      // may merge-join through the whole items index instead, so joins other than nested loops are
      // switched off for this one statement.
      const recent = await db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_hashjoin = off`);
        await tx.execute(sql`set local enable_mergejoin = off`);
        return queuePage(tx, [...scan, ...keyset, sql`${signals.id} > ${floor.id}`], sort, limit);
      });
      if (recent.next) return recent;
    }
  }
  if (filter.districtId) {
    // The district filter is a semi-join the planner cannot size (districts are on signals' items,
    // a small part of all items): it guessed a few dozen matches, sorted every signal of the status
    // in parallel and took 200-500 ms on a busy machine, where walking the queue index in order and
    // probing item_districts per row takes a few ms (docs/performance.md, Workbench).
    return db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_hashjoin = off`);
      await tx.execute(sql`set local enable_mergejoin = off`);
      await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
      return queuePage(tx, [...where, ...keyset], sort, limit);
    });
  }
  return queuePage(db, [...where, ...keyset], sort, limit);
}

/** How many of the newest signals a search looks through before searching all of them. */
const RECENT_WINDOW = 5000;

/**
 * Whether a search goes through the recent window first. When the statistics say the term is
 * rare (a few hundred posts) the GIN index answers it; when they say it is common the planner
 * walks the queue in id order itself and stops after a page (0.2 ms against 60 ms through the
 * window, measured at 1M items). The window stays for the middle, where a wrong guess either way
 * would cost most.
 */
function needsRecentWindow(estimate: number): boolean {
  return estimate > 1000 && estimate <= 50_000;
}

/**
 * The planner's estimate of the posts a search matches (from the tsvector column's statistics of
 * common words; a rare word gets a small default). Only a broad term needs the recent window:
 * for a selective one the GIN index answers in under a millisecond, while scanning the window
 * first cost 60-70 ms for nothing (docs/performance.md, Workbench). Planning only, no execution.
 */
async function estimatedMatches(db: Db, q: string): Promise<number> {
  const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(
    await db.execute(
      sql`explain (format json) select 1 from ${items} where ${items.search} @@ websearch_to_tsquery('english', ${q})`,
    ),
  );
  const raw = row?.['QUERY PLAN'];
  // postgres.js parses the json column; other drivers may hand back its text.
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{
    Plan?: { 'Plan Rows'?: number };
  }>;
  const rows = plan?.[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' ? rows : Infinity;
}

async function queuePage(db: Db, where: SQL[], sort: QueueSort, limit: number): Promise<QueuePage> {
  // Only signals and items are joined; the source, score, cluster, districts and assignee of each
  // of the page's rows are read by primary key in subqueries. The result is the same as joining
  // all six tables, but the planner no longer searches the join orders of six relations on every
  // page view: planning fell from about 2.5 to 0.8 ms, more than the query takes to run (the queue
  // page is the most viewed page, and each view is planned afresh).
  const rows = await db
    .select({
      id: signals.id,
      status: signals.status,
      priority: signals.priority,
      category: signals.category,
      uncertain: signals.uncertain,
      createdAt: signals.createdAt,
      title: items.title,
      excerpt: sql<string>`left(${items.text}, 280)`,
      platform: items.platform,
      language: items.language,
      sourceName: sql<string>`(select s.name from sources s where s.id = ${items.sourceId})`,
      score: sql<number | null>`(select sc.score from scores sc where sc.id = ${signals.scoreId})`,
      clusterSize:
        sql<number>`coalesce((select c.size from clusters c where c.id = ${signals.clusterId}), 1)`.mapWith(
          Number,
        ),
      districts: sql<
        string[]
      >`coalesce((select array_agg(dd.name order by dd.name) from item_districts x join districts dd on dd.id = x.district_id where x.item_id = "signals"."item_id"), '{}')`,
      assigneeId: signals.assigneeId,
      assigneeName: sql<string | null>`(select u.name from users u where u.id = ${signals.assigneeId})`,
    })
    .from(signals)
    .innerJoin(items, eq(items.id, signals.itemId))
    .where(and(...where))
    // NULLS LAST spelt out to match signals_queue_idx (drizzle's .desc() index is DESC NULLS LAST,
    // plain DESC means NULLS FIRST): otherwise the planner sorts the whole status instead.
    .orderBy(
      ...(sort === 'priority'
        ? [sql`${signals.priority} desc nulls last`, sql`${signals.id} desc nulls last`]
        : [desc(signals.id)]),
    )
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor(sort, last) : null };
}

/**
 * With a search for a common word, the tabs count at most this many per status (the page shows
 * "1,000+"): counting every match means reading every one of them (1.2 s at 100,000 signals),
 * while a capped count stops early. Rare words and no search are counted exactly.
 */
export const QUEUE_SEARCH_COUNT_CAP = 1000;

/** Signals per status under the same filters (the tabs). */
export async function countQueue(
  db: Db,
  filter: Omit<QueueFilter, 'status'>,
): Promise<Record<SignalStatus, number>> {
  const f = { ...filter, status: 'new' as const };
  const out = Object.fromEntries(SIGNAL_STATUSES.map((s) => [s, 0])) as Record<SignalStatus, number>;
  const conds = filterConditions(f);
  const q = f.q?.trim();
  if (q && (await estimatedMatches(db, q)) > QUEUE_SEARCH_COUNT_CAP) {
    // One capped count per status, side by side: each stops after the cap's worth of matches.
    // A rare term is counted exactly below: the GIN index hands over its few matches at once.
    const counts = await Promise.all(
      SIGNAL_STATUSES.map(async (status) => {
        const capped = db
          .select({ one: sql`1` })
          .from(signals)
          .innerJoin(items, eq(items.id, signals.itemId))
          .where(and(eq(signals.status, status), ...conds))
          .limit(QUEUE_SEARCH_COUNT_CAP + 1)
          .as('capped');
        const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
        return [status, Number(row?.n ?? 0)] as const;
      }),
    );
    for (const [status, n] of counts) out[status] = n;
    return out;
  }
  const base = db.select({ status: signals.status, n: sql<number>`count(*)::int` }).from(signals);
  const joined = needsItems(f) ? base.innerJoin(items, eq(items.id, signals.itemId)) : base;
  const rows = await joined.where(conds.length ? and(...conds) : undefined).groupBy(signals.status);
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** How many `new` signals were raised after the given one (the live "N new" counter). */
export async function countNewerSignals(db: Db, afterId: string | null): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signals)
    .where(and(eq(signals.status, 'new'), afterId ? sql`${signals.id} > ${afterId}` : undefined));
  return Number(row?.n ?? 0);
}

/** The newest signal id (the live counter's starting point when the page shows none). */
export async function newestSignalId(db: Db): Promise<string | null> {
  const [row] = await db.select({ id: signals.id }).from(signals).orderBy(desc(signals.id)).limit(1);
  return row?.id ?? null;
}

export interface QueueFacet {
  id: string;
  name: string;
}

/** Languages the filter offers: those the demo and typical partnerships collect (ISO 639-1). */
export const QUEUE_LANGUAGES = ['en', 'cy', 'ur', 'pa', 'pl', 'ar'] as const;

/** The choices the filter bar offers: sources, districts, categories and people. */
export async function queueFacets(db: Db): Promise<{
  sources: QueueFacet[];
  districts: QueueFacet[];
  categories: string[];
  languages: string[];
  people: QueueFacet[];
}> {
  const [srcs, dists, people] = await Promise.all([
    db.select({ id: sources.id, name: sources.name }).from(sources).orderBy(sources.name).limit(500),
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .where(sql`${districts.tier} <> 'county'`)
      .orderBy(districts.name)
      .limit(500),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(sql`${users.role} in ('analyst', 'supervisor', 'admin') and not ${users.disabled}`)
      .orderBy(users.name),
  ]);
  return {
    sources: srcs,
    districts: dists,
    categories: [...CATEGORIES],
    languages: [...QUEUE_LANGUAGES],
    people,
  };
}
