import { newId } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { countQueue, listQueue, type QueueFilter } from './signals.js';

/**
 * Load-test data for the triage queue: N synthetic items (each its own cluster) and M signals on
 * the first M of them, written set-based with generate_series in batches, so a million rows take
 * seconds rather than a million round trips. Text is obviously synthetic ("Generated post n …").
 * Ids keep the real prefixes and sort by time like real ones (a fixed prefix per run plus the
 * row number zero-padded to the 26 characters of a real id, so pages that check ids take them),
 * and keyset paging behaves as in production.
 */

export interface GenerateOptions {
  items: number;
  signals: number;
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

const CATEGORIES = ['extreme_right', 'islamist', 'conspiracy', 'anti_minority', 'violence'];
const STATUSES = ['new', 'new', 'new', 'new', 'in_review', 'dismissed', 'escalated', 'closed'];

export async function generateTriageData(
  db: Db,
  opts: GenerateOptions,
): Promise<{ items: number; signals: number }> {
  const batch = opts.batch ?? 50_000;
  const run = newId('item').slice(4, 14); // time-sortable prefix shared by this run's ids
  const sourceId = newId('source');
  await db.execute(
    sql`insert into sources (id, kind, name) values (${sourceId}, 'import', ${`Generated load-test data ${run}`})`,
  );
  const [lv] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from lexicon_versions order by created_at limit 1`),
  );
  let versionId = lv?.id;
  if (!versionId) {
    const lexiconId = newId('lexicon');
    versionId = newId('lexiconVersion');
    await db.execute(
      sql`insert into lexicons (id, slug, name) values (${lexiconId}, ${`generated-${run}`}, 'Generated lexicon')`,
    );
    await db.execute(
      sql`insert into lexicon_versions (id, lexicon_id, number, status) values (${versionId}, ${lexiconId}, 1, 'published')`,
    );
  }
  const cats = `{${CATEGORIES.join(',')}}`;
  const sts = `{${STATUSES.join(',')}}`;
  const total = opts.items;
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    // Cluster, item, and (for the first `signals` rows) score and signal, per row number n.
    await db.execute(sql`
      insert into clusters (id, first_seen_at, last_seen_at, size)
      select 'cls_' || ${run} || lpad(n::text, 16, '0'), now() - (${total} - n) * interval '2 seconds',
             now() - (${total} - n) * interval '2 seconds', 1 + (n % 7 = 0)::int * (n % 5)
      from generate_series(${from}::int, ${to}::int) n`);
    await db.execute(sql`
      insert into items (id, source_id, platform, external_id, text, language, published_at, collected_at,
        author_pseudonym, text_hash, simhash_hi, simhash_lo, band0, band1, band2, band3, cluster_id)
      select 'itm_' || ${run} || lpad(n::text, 16, '0'), ${sourceId}, 'import', n::text,
             'Generated post ' || n || ' about the consultation on the Elmford bypass and the ' ||
               (array['great replacement','plandemic','remigration','1488','invaders'])[1 + n % 5] || ' claims.',
             'en', now() - (${total} - n) * interval '2 seconds', now() - (${total} - n) * interval '2 seconds',
             md5('author' || (n % 5000)), md5(n::text), n, -n, n % 65536, (n / 7) % 65536, (n / 13) % 65536, (n / 17) % 65536,
             'cls_' || ${run} || lpad(n::text, 16, '0')
      from generate_series(${from}::int, ${to}::int) n`);
    const sigTo = Math.min(to, opts.signals);
    if (from <= sigTo) {
      await db.execute(sql`
        insert into scores (id, item_id, lexicon_version_id, lexicon_score, category, score, band, thresholds, evidence, current)
        select 'scr_' || ${run} || lpad(n::text, 16, '0'), 'itm_' || ${run} || lpad(n::text, 16, '0'), ${versionId},
               (35 + n % 60) / 100.0, (${cats}::text[])[1 + n % 5], 35 + n % 60,
               case when 35 + n % 60 >= 60 then 'signal' else 'uncertain' end,
               '{"signal":60,"uncertain":35}'::jsonb, '[]'::jsonb, true
        from generate_series(${from}::int, ${sigTo}::int) n`);
      await db.execute(sql`
        insert into signals (id, cluster_id, item_id, score_id, status, priority, category, uncertain, created_at, updated_at)
        select 'sig_' || ${run} || lpad(n::text, 16, '0'), 'cls_' || ${run} || lpad(n::text, 16, '0'),
               'itm_' || ${run} || lpad(n::text, 16, '0'), 'scr_' || ${run} || lpad(n::text, 16, '0'),
               (${sts}::text[])[1 + n % 8], 35 + n % 60 + (n % 7 = 0)::int * 3, (${cats}::text[])[1 + n % 5],
               35 + n % 60 < 60, now() - (${total} - n) * interval '2 seconds', now()
        from generate_series(${from}::int, ${sigTo}::int) n`);
    }
    opts.onProgress?.(to, total);
  }
  await db.execute(sql`analyze clusters, items, scores, signals`);
  return { items: total, signals: Math.min(opts.signals, total) };
}

export interface QueueBench {
  rounds: number;
  firstPage: { p50: number; p95: number };
  deepPage: { p50: number; p95: number; depth: number };
  /** The per-status tab counts the page also loads. */
  counts: { p50: number; p95: number };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

/**
 * Server time of the queue's first page and of a deep page (reached by following the keyset
 * cursor `depth` pages in), over `rounds` runs each, for the default filter (status new).
 */
export async function benchQueue(
  db: Db,
  opts: { rounds?: number; depth?: number; filter?: Partial<QueueFilter> } = {},
): Promise<QueueBench> {
  const rounds = opts.rounds ?? 50;
  const depth = opts.depth ?? 200;
  const filter: QueueFilter = { status: 'new', ...opts.filter };
  let cursor: string | null = null;
  for (let i = 0; i < depth; i++) {
    const page = await listQueue(db, filter, cursor);
    if (!page.next) break;
    cursor = page.next;
  }
  const first: number[] = [];
  const deep: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await listQueue(db, filter, null);
    first.push(performance.now() - t);
    t = performance.now();
    await listQueue(db, filter, cursor);
    deep.push(performance.now() - t);
    t = performance.now();
    await countQueue(db, filter);
    counts.push(performance.now() - t);
  }
  return {
    rounds,
    firstPage: { p50: pct(first, 50), p95: pct(first, 95) },
    deepPage: { p50: pct(deep, 50), p95: pct(deep, 95), depth },
    counts: { p50: pct(counts, 50), p95: pct(counts, 95) },
  };
}
