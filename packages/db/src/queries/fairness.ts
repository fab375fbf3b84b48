import { DomainError } from '@counterpoint/core';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { textArray } from './ingest-arrays.js';

/**
 * Decision counts for fairness and quality monitoring (docs/fairness.md), grouped by source,
 * language, district, category and lexicon term, per period and per London week.
 *
 * A signal's verdict, from analysts' decisions:
 *  1. Labels first: when the people who labelled the signal's item disagree with each other less
 *     than half-and-half, the majority decides (relevant → true positive, not relevant → false
 *     positive). A label is the explicit "is this relevant?" answer, so it outranks the workflow.
 *  2. Otherwise (no labels, or a tie) the workflow outcome: escalated or linked to a narrative →
 *     true positive; dismissed → false positive. A closed signal keeps the outcome it was closed
 *     from: closing clears nothing, and only a dismissal sets `dismiss_reason`.
 *  3. New or in review with no majority label → undecided: counted as raised, not as decided.
 *
 * Signals belong to the period in which they were raised (`signals.created_at`), whenever they were
 * decided, so a recent period fills in as the queue is worked. A term counts for a signal when the
 * signal's current score matched it unsuppressed (the stored `scores.evidence` spans; a span with
 * `suppressed` was cancelled by a context rule and scored nothing), once per signal however many
 * times it matched. A signal counts once for each district its item concerns, or under "no
 * district"; so district rows add up to more than the total.
 *
 * Everything is one statement: the signals of the window are read once into a CTE, fanned out to
 * one row per (signal, dimension, key), and counted with GROUPING SETS for periods and weeks.
 */

export const FAIRNESS_DIMENSIONS = ['all', 'source', 'language', 'district', 'category', 'term'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

export interface FairnessCount {
  dimension: FairnessDimension;
  /** Source id, language code, district id, category, term key; '' for "none" and for 'all'. */
  key: string;
  /** A name to show: the source's or district's name, the term's phrase; null when the key is enough. */
  label: string | null;
  signals: number;
  decided: number;
  falsePositives: number;
}

export interface FairnessWeekCount extends FairnessCount {
  /** Monday of the London week, YYYY-MM-DD. */
  week: string;
}

export interface FairnessFigures {
  current: { from: Date; to: Date };
  previous: { from: Date; to: Date };
  /** Mondays of the trend weeks, oldest first (weeks with nothing included). */
  weeks: string[];
  byPeriod: { current: FairnessCount[]; previous: FairnessCount[] };
  weekly: FairnessWeekCount[];
}

export interface FairnessOptions {
  /** End of the current period (exclusive); default now. */
  to?: Date;
  /** Length of the current period; the previous period is the same length just before it. */
  days: number;
  /** Weeks of trend ending with the week that holds `to`; default 12. */
  weeks?: number;
  /** Which groupings to count; default all. */
  dimensions?: readonly FairnessDimension[];
}

/** The verdict of signal `s` (with its label tallies `l`): 'tp', 'fp' or null (undecided). */
const VERDICT = sql.raw(`case
  when coalesce(l.relevant, 0) > coalesce(l.not_relevant, 0) then 'tp'
  when coalesce(l.not_relevant, 0) > coalesce(l.relevant, 0) then 'fp'
  when s.status in ('escalated', 'linked') or (s.status = 'closed' and s.dismiss_reason is null) then 'tp'
  when s.status = 'dismissed' or (s.status = 'closed' and s.dismiss_reason is not null) then 'fp'
end`);

/** Signals raised in [from, to) with their verdict and grouping fields. */
function decidedSignals(from: Date, to: Date): SQL {
  return sql`
    select s.id, s.item_id, s.score_id, s.category, s.created_at, i.source_id, i.language,
           ${VERDICT} as verdict
    from signals s
    join items i on i.id = s.item_id
    left join (
      select lb.item_id,
             count(*) filter (where lb.relevant)::int as relevant,
             count(*) filter (where not lb.relevant)::int as not_relevant
      from labels lb group by lb.item_id
    ) l on l.item_id = s.item_id
    where s.created_at >= ${from.toISOString()}::timestamptz and s.created_at < ${to.toISOString()}::timestamptz`;
}

/**
 * What every fan-out row carries from its signal, so the counts never join back to `base`: the
 * verdict and the period and week the signal falls in, worked out once per signal in `base` rather
 * than once per fan-out row (a signal fans out to six rows or more).
 */
const CARRY = sql.raw('b.verdict, b.period, b.week');

/**
 * The fan-out branch for one dimension: (dim, key, label, verdict, period, week) rows from the CTE
 * `base`. Carrying the signal's fields (rather than its id, joined back) matters: a join between
 * two CTE scans has no statistics and was planned as a nested loop, minutes at 100,000 signals.
 */
function branch(dim: FairnessDimension): SQL {
  switch (dim) {
    case 'all':
      return sql`select 'all' as dim, '' as key, null::text as label, ${CARRY} from base b`;
    case 'source':
      return sql`select 'source', b.source_id, null, ${CARRY} from base b`;
    case 'language':
      return sql`select 'language', coalesce(nullif(b.language, ''), ''), null, ${CARRY} from base b`;
    case 'district':
      return sql`select 'district', coalesce(d.district_id, ''), null, ${CARRY}
        from base b left join item_districts d on d.item_id = b.item_id`;
    case 'category':
      return sql`select 'category', coalesce(b.category, ''), null, ${CARRY} from base b`;
    case 'term':
      // Each signal's distinct terms are found within its own evidence (a handful of spans), not
      // by sorting every (signal, term) pair of the window as DISTINCT ON did.
      return sql`select 'term', t.key, t.label, ${CARRY}
        from base b
        join scores sc on sc.id = b.score_id
        cross join lateral (
          select coalesce(e->>'termId', e->>'termKey') as key, max(e->>'phrase') as label
          from jsonb_array_elements(sc.evidence) e
          where e->>'suppressed' is null and coalesce(e->>'termId', e->>'termKey') is not null
          group by 1
        ) t`;
  }
}

function checkOptions(o: FairnessOptions): void {
  const weeks = o.weeks ?? 12;
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 366)
    throw new DomainError('invalid_input', 'The period must be between 1 and 366 days.');
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104)
    throw new DomainError('invalid_input', 'The trend must cover between 1 and 104 weeks.');
}

const DAY_MS = 86_400_000;

interface CountRow {
  dim: string;
  key: string | null;
  label: string | null;
  period: string | null;
  week: string | null;
  by_week: number | string;
  signals: number | string;
  decided: number | string;
  false_positives: number | string;
}

export async function fairnessFigures(db: Db, options: FairnessOptions): Promise<FairnessFigures> {
  checkOptions(options);
  const to = options.to ?? new Date();
  const from = new Date(to.getTime() - options.days * DAY_MS);
  const previousFrom = new Date(from.getTime() - options.days * DAY_MS);
  const weekCount = options.weeks ?? 12;
  const dims = [...new Set(options.dimensions ?? FAIRNESS_DIMENSIONS)];
  const toIso = to.toISOString();

  // The Monday (London) starting the first trend week, and the list of trend weeks.
  const weekRows = rowsOf<{ week: string; starts: Date | string }>(
    await db.execute(sql`
      select to_char(w, 'YYYY-MM-DD') as week, (w at time zone 'Europe/London') as starts
      from generate_series(
        date_trunc('week', ${toIso}::timestamptz at time zone 'Europe/London') - make_interval(weeks => ${weekCount - 1}),
        date_trunc('week', ${toIso}::timestamptz at time zone 'Europe/London'),
        interval '1 week') w
      order by w`),
  );
  const weeks = weekRows.map((w) => w.week);
  const trendFrom = new Date(weekRows[0]!.starts);
  const windowFrom = trendFrom < previousFrom ? trendFrom : previousFrom;

  const fanOut = sql.join(
    dims.map((d) => branch(d)),
    sql` union all `,
  );
  // Seven or so fan-out rows a signal: with the default 4 MB of work memory the counting sorted on
  // disk instead of hashing in memory (2.1 s → 1.2 s at 100,000 signals over 182 days). Local to
  // this statement's transaction, and the page is a supervisor's, so the memory is rarely in use.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    return rowsOf<CountRow>(
      await tx.execute(sql`
      with base as materialized (
        select d.*,
          case when d.created_at >= ${from.toISOString()}::timestamptz then 'current'
               when d.created_at >= ${previousFrom.toISOString()}::timestamptz then 'previous' end as period,
          case when d.created_at >= ${trendFrom.toISOString()}::timestamptz
               then to_char(date_trunc('week', d.created_at at time zone 'Europe/London'), 'YYYY-MM-DD') end as week
        from (${decidedSignals(windowFrom, to)}) d
      ),
      fan (dim, key, label, verdict, period, week) as (${fanOut})
      select dim, key, max(label) as label, period, week, grouping(period) as by_week,
             count(*)::int as signals,
             count(verdict)::int as decided,
             count(*) filter (where verdict = 'fp')::int as false_positives
      from fan
      group by grouping sets ((dim, key, period), (dim, key, week))`),
    );
  });

  const figures: FairnessFigures = {
    current: { from, to },
    previous: { from: previousFrom, to: from },
    weeks,
    byPeriod: { current: [], previous: [] },
    weekly: [],
  };
  for (const r of rows) {
    const count: FairnessCount = {
      dimension: r.dim as FairnessDimension,
      key: r.key ?? '',
      label: r.label ?? null,
      signals: Number(r.signals),
      decided: Number(r.decided),
      falsePositives: Number(r.false_positives),
    };
    if (Number(r.by_week) === 1) {
      if (r.week !== null) figures.weekly.push({ ...count, week: r.week });
    } else if (r.period === 'current') figures.byPeriod.current.push(count);
    else if (r.period === 'previous') figures.byPeriod.previous.push(count);
  }
  await nameKeys(db, figures);
  return figures;
}

/** Source and district names, and each term's phrase and category from the active lexicon. */
async function nameKeys(db: Db, f: FairnessFigures): Promise<void> {
  const all = [...f.byPeriod.current, ...f.byPeriod.previous, ...f.weekly];
  const ids = (dim: FairnessDimension) => [
    ...new Set(all.filter((c) => c.dimension === dim && c.key !== '').map((c) => c.key)),
  ];
  const sourceIds = ids('source');
  const districtIds = ids('district');
  const names = new Map<string, string>();
  if (sourceIds.length > 0 || districtIds.length > 0) {
    const rows = rowsOf<{ kind: string; id: string; name: string }>(
      await db.execute(sql`
        select 'source' as kind, id, name from sources where id = any(${textArray(sourceIds)}::text[])
        union all
        select 'district', id, name from districts where id = any(${textArray(districtIds)}::text[])`),
    );
    for (const r of rows) names.set(`${r.kind}:${r.id}`, r.name);
  }
  const termKeys = ids('term');
  if (termKeys.length > 0) {
    const rows = rowsOf<{ term_key: string; phrase: string }>(
      await db.execute(sql`
        select t.term_key, t.phrase from lexicon_terms t
        join lexicons x on x.active_version_id = t.version_id
        where t.term_key = any(${textArray(termKeys)}::text[])`),
    );
    for (const r of rows) names.set(`term:${r.term_key}`, r.phrase);
  }
  for (const c of all) {
    const name = names.get(`${c.dimension}:${c.key}`);
    if (name !== undefined) c.label = name;
  }
}

export interface TermExample {
  signalId: string;
  createdAt: Date;
  status: string;
  /** 'fp' for a dismissal or not-relevant majority, 'tp' for relevant, null when undecided. */
  verdict: 'fp' | 'tp' | null;
  dismissReason: string | null;
  /** A short stretch of the post around the matched phrase. */
  excerpt: string;
  /** Where the phrase sits in `excerpt` (UTF-16 offsets), for highlighting. */
  matchStart: number;
  matchEnd: number;
}

interface ExampleRow {
  id: string;
  created_at: string | Date;
  status: string;
  dismiss_reason: string | null;
  verdict: string | null;
  text: string | null;
  title: string | null;
  field: string;
  start: number | null;
  end: number | null;
}

/**
 * The most recent decided signals in which a term matched unsuppressed, false positives first, with
 * a stretch of text around the match: what a lexicon editor reads before narrowing or retiring it.
 */
export async function termExamples(
  db: Db,
  termKey: string,
  options: { days?: number; limit?: number; to?: Date } = {},
): Promise<TermExample[]> {
  const to = options.to ?? new Date();
  const from = new Date(to.getTime() - (options.days ?? 90) * DAY_MS);
  const limit = Math.min(50, Math.max(1, options.limit ?? 5));
  const rows = rowsOf<ExampleRow>(
    await db.execute(sql`
      with base as (${decidedSignals(from, to)})
      select b.id, b.created_at, s.status, s.dismiss_reason, b.verdict, it.text, it.title,
             m.field, (m.e->>'start')::int as start, (m.e->>'end')::int as "end"
      from base b
      join signals s on s.id = b.id
      join items it on it.id = b.item_id
      join scores sc on sc.id = b.score_id
      cross join lateral (
        select e, coalesce(e->>'field', 'text') as field from jsonb_array_elements(sc.evidence) e
        where coalesce(e->>'termId', e->>'termKey') = ${termKey} and e->>'suppressed' is null
        limit 1
      ) m
      where b.verdict is not null
      order by (b.verdict = 'fp') desc, b.created_at desc, b.id desc
      limit ${limit}`),
  );
  return rows.map((r): TermExample => {
    const body = (r.field === 'title' ? r.title : r.text) ?? '';
    const start = Math.max(0, Math.min(body.length, Number(r.start) || 0));
    const end = Math.max(start, Math.min(body.length, Number(r.end) || start));
    const cutFrom = Math.max(0, start - 90);
    const cutTo = Math.min(body.length, end + 90);
    const lead = cutFrom > 0 ? '…' : '';
    const excerpt = `${lead}${body.slice(cutFrom, cutTo)}${cutTo < body.length ? '…' : ''}`;
    return {
      signalId: r.id,
      createdAt: new Date(r.created_at),
      status: r.status,
      verdict: r.verdict === 'fp' || r.verdict === 'tp' ? r.verdict : null,
      dismissReason: r.dismiss_reason,
      excerpt,
      matchStart: lead.length + start - cutFrom,
      matchEnd: lead.length + end - cutFrom,
    };
  });
}
