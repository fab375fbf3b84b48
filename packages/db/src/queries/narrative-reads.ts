import { fillDays, type DayCount, type NarrativeStatus } from '@counterpoint/core';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { campaignNarratives, campaigns } from '../schema/campaigns.js';
import { districts } from '../schema/geography.js';
import { narrativeDistricts, narratives } from '../schema/narratives.js';
import { users } from '../schema/users.js';
import { textArray } from './ingest-arrays.js';
import { ITEM_AT } from './narrative-refresh.js';

export interface NarrativeDetail {
  id: string;
  title: string;
  summary: string;
  category: string | null;
  status: NarrativeStatus;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  districts: Array<{ id: string; name: string }>;
  signalCount: number;
}

export async function getNarrative(db: Db, id: string): Promise<NarrativeDetail | null> {
  const [n] = await db
    .select({
      id: narratives.id,
      title: narratives.title,
      summary: narratives.summary,
      category: narratives.category,
      status: narratives.status,
      firstSeenAt: narratives.firstSeenAt,
      lastSeenAt: narratives.lastSeenAt,
      createdAt: narratives.createdAt,
      updatedAt: narratives.updatedAt,
      createdBy: users.name,
      signalCount:
        sql<number>`(select count(*) from narrative_signals ns where ns.narrative_id = ${narratives.id})`.mapWith(
          Number,
        ),
    })
    .from(narratives)
    .leftJoin(users, eq(users.id, narratives.createdBy))
    .where(eq(narratives.id, id))
    .limit(1);
  if (!n) return null;
  const places = await db
    .select({ id: districts.id, name: districts.name })
    .from(narrativeDistricts)
    .innerJoin(districts, eq(districts.id, narrativeDistricts.districtId))
    .where(eq(narrativeDistricts.narrativeId, id))
    .orderBy(asc(districts.name));
  return { ...n, districts: places };
}

export interface VolumeSeries {
  /** A district id, or null for posts no district could be found for. */
  districtId: string | null;
  name: string;
  /** One count per day of `days`. */
  counts: number[];
  total: number;
}

export interface NarrativeVolume {
  days: string[];
  series: VolumeSeries[];
  /** Posts per day across all districts (a post placed in two districts counts once here). */
  totals: number[];
}

/**
 * Posts per day and district over the last `days` days (UTC days, zero-filled), busiest district
 * first. A post tagged with two districts counts in both district series.
 */
export async function narrativeVolume(
  db: Db,
  narrativeId: string,
  options: { days?: number; now?: Date } = {},
): Promise<NarrativeVolume> {
  const days = options.days ?? 90;
  const now = options.now ?? new Date();
  const rows = rowsOf<{
    day: string;
    district_id: string | null;
    name: string | null;
    posts: number;
    distinct_posts: number;
  }>(
    await db.execute(sql`
      with posts as (
        select distinct i.id, (${ITEM_AT} at time zone 'UTC')::date as day
        from narrative_signals ns
        join signals s on s.id = ns.signal_id
        join items i on i.cluster_id = s.cluster_id
        where ns.narrative_id = ${narrativeId}
          and ${ITEM_AT} > ${now.toISOString()}::timestamptz - make_interval(days => ${days})
          and ${ITEM_AT} <= ${now.toISOString()}::timestamptz
      )
      select to_char(p.day, 'YYYY-MM-DD') as day, d.id as district_id, d.name, count(*)::int as posts,
        0 as distinct_posts
      from posts p
      left join item_districts idd on idd.item_id = p.id
      left join districts d on d.id = idd.district_id
      group by p.day, d.id, d.name
      union all
      select to_char(p.day, 'YYYY-MM-DD'), '__total__', null, 0, count(*)::int from posts p group by p.day`),
  );
  const byDistrict = new Map<string, { districtId: string | null; name: string; series: DayCount[] }>();
  const totals: DayCount[] = [];
  for (const r of rows) {
    if (r.district_id === '__total__') {
      totals.push({ day: r.day, count: Number(r.distinct_posts) });
      continue;
    }
    const key = r.district_id ?? '';
    let entry = byDistrict.get(key);
    if (!entry) {
      entry = { districtId: r.district_id, name: r.name ?? 'No district', series: [] };
      byDistrict.set(key, entry);
    }
    entry.series.push({ day: r.day, count: Number(r.posts) });
  }
  const filledTotals = fillDays(totals, now, days);
  const series = [...byDistrict.values()]
    .map((e) => {
      const counts = fillDays(e.series, now, days).map((d) => d.count);
      return { districtId: e.districtId, name: e.name, counts, total: counts.reduce((a, b) => a + b, 0) };
    })
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  return { days: filledTotals.map((d) => d.day), series, totals: filledTotals.map((d) => d.count) };
}

export interface NarrativeSignalRow {
  id: string;
  status: string;
  category: string | null;
  priority: number;
  createdAt: Date;
  addedAt: Date;
  addedBy: string | null;
  title: string | null;
  excerpt: string;
  copies: number;
  districts: string[];
}

/**
 * The narrative's signals, most recently raised first, bounded (the page says how many more there
 * are; the total comes from getNarrative).
 */
export async function listNarrativeSignals(
  db: Db,
  narrativeId: string,
  limit = 100,
): Promise<NarrativeSignalRow[]> {
  const rows = rowsOf<{
    id: string;
    status: string;
    category: string | null;
    priority: number;
    created_at: string;
    added_at: string;
    added_by: string | null;
    title: string | null;
    excerpt: string;
    copies: number;
    districts: string[] | null;
  }>(
    await db.execute(sql`
      select s.id, s.status, s.category, s.priority, s.created_at, ns.created_at as added_at, u.name as added_by,
        i.title, left(i.text, 220) as excerpt, coalesce(c.size, 1)::int as copies,
        (select array_agg(d.name order by d.name) from item_districts idd join districts d on d.id = idd.district_id
          where idd.item_id = i.id) as districts
      from narrative_signals ns
      join signals s on s.id = ns.signal_id
      join items i on i.id = s.item_id
      left join clusters c on c.id = s.cluster_id
      left join users u on u.id = ns.added_by
      where ns.narrative_id = ${narrativeId}
      order by s.created_at desc, s.id desc
      limit ${limit}`),
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    category: r.category,
    priority: Number(r.priority),
    createdAt: new Date(r.created_at),
    addedAt: new Date(r.added_at),
    addedBy: r.added_by,
    title: r.title,
    excerpt: r.excerpt,
    copies: Number(r.copies),
    districts: r.districts ?? [],
  }));
}

export interface NarrativeCampaign {
  id: string;
  title: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
}

export async function narrativeCampaigns(db: Db, narrativeId: string): Promise<NarrativeCampaign[]> {
  return db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      status: campaigns.status,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
    })
    .from(campaignNarratives)
    .innerJoin(campaigns, eq(campaigns.id, campaignNarratives.campaignId))
    .where(eq(campaignNarratives.narrativeId, narrativeId))
    .orderBy(desc(campaigns.startsOn), asc(campaigns.title));
}

export interface NarrativeListRow {
  id: string;
  title: string;
  summary: string;
  category: string | null;
  status: NarrativeStatus;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  signalCount: number;
  districts: string[];
  /** Posts per day over the last 28 days, oldest first, for the sparkline. */
  recent: number[];
}

export const NARRATIVE_LIST_LIMIT = 200;
export const SPARK_DAYS = 28;

/** Narratives for the list page, most recently seen first (never-seen last), with a 28-day series each. */
export async function listNarratives(
  db: Db,
  options: { status?: NarrativeStatus | null; now?: Date } = {},
): Promise<NarrativeListRow[]> {
  const now = options.now ?? new Date();
  const rows = await db
    .select({
      id: narratives.id,
      title: narratives.title,
      summary: narratives.summary,
      category: narratives.category,
      status: narratives.status,
      firstSeenAt: narratives.firstSeenAt,
      lastSeenAt: narratives.lastSeenAt,
      signalCount:
        sql<number>`(select count(*) from narrative_signals ns where ns.narrative_id = ${narratives.id})`.mapWith(
          Number,
        ),
      districts: sql<string[] | null>`(select array_agg(d.name order by d.name) from narrative_districts nd
        join districts d on d.id = nd.district_id where nd.narrative_id = "narratives"."id")`,
    })
    .from(narratives)
    .where(options.status ? eq(narratives.status, options.status) : undefined)
    .orderBy(sql`${narratives.lastSeenAt} desc nulls last`, desc(narratives.createdAt))
    .limit(NARRATIVE_LIST_LIMIT);
  if (rows.length === 0) return [];
  const daily = rowsOf<{ narrative_id: string; day: string; posts: number }>(
    await db.execute(sql`
      select ns.narrative_id, to_char((${ITEM_AT} at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(*)::int as posts
      from narrative_signals ns
      join signals s on s.id = ns.signal_id
      join items i on i.cluster_id = s.cluster_id
      where ns.narrative_id = any(${textArray(rows.map((r) => r.id))}::text[])
        and ${ITEM_AT} > ${now.toISOString()}::timestamptz - make_interval(days => ${SPARK_DAYS})
        and ${ITEM_AT} <= ${now.toISOString()}::timestamptz
      group by 1, 2`),
  );
  const byNarrative = new Map<string, DayCount[]>();
  for (const d of daily) {
    const list = byNarrative.get(d.narrative_id) ?? [];
    list.push({ day: d.day, count: Number(d.posts) });
    byNarrative.set(d.narrative_id, list);
  }
  return rows.map((r) => ({
    ...r,
    districts: r.districts ?? [],
    recent: fillDays(byNarrative.get(r.id) ?? [], now, SPARK_DAYS).map((d) => d.count),
  }));
}

/** How many narratives have each status (for the list's tabs). */
export async function countNarrativesByStatus(db: Db): Promise<Record<NarrativeStatus | 'all', number>> {
  const rows = await db
    .select({ status: narratives.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(narratives)
    .groupBy(narratives.status);
  const out = { all: 0, emerging: 0, active: 0, declining: 0, dormant: 0 };
  for (const r of rows) {
    out[r.status] = r.n;
    out.all += r.n;
  }
  return out;
}

export interface SignalPreview {
  id: string;
  status: string;
  category: string | null;
  title: string | null;
  excerpt: string;
  districts: Array<{ id: string; name: string }>;
}

/**
 * The signals a new narrative is being made from, in the order given (ids that do not exist are
 * left out), with their districts so the form can start from them.
 */
export async function signalPreviews(db: Db, ids: readonly string[]): Promise<SignalPreview[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<{
    id: string;
    status: string;
    category: string | null;
    title: string | null;
    excerpt: string;
    districts: Array<{ id: string; name: string }> | null;
  }>(
    await db.execute(sql`
      select s.id, s.status, s.category, i.title, left(i.text, 220) as excerpt,
        (select json_agg(json_build_object('id', d.id, 'name', d.name) order by d.name)
          from item_districts idd join districts d on d.id = idd.district_id where idd.item_id = i.id) as districts
      from signals s join items i on i.id = s.item_id
      where s.id = any(${textArray([...ids])}::text[])`),
  );
  const byId = new Map(rows.map((r) => [r.id, { ...r, districts: r.districts ?? [] }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
