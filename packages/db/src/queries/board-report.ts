import {
  DomainError,
  addDays,
  type BoardCampaign,
  type BoardReportData,
  type BoardTrainingRow,
} from '@counterpoint/core';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { campaignOutcomes } from './campaign-outcomes.js';
import { listDistricts } from './districts.js';
import { trainingUptake } from './training.js';

/**
 * The board report's figures for one period and area, in one typed object (shaped into tables by
 * `shapeBoardReport` in core). Days are Europe/London days: each range becomes the two London
 * midnights bounding it, so indexed timestamp columns are compared with constants.
 *
 * Area: null is the whole county. For a district, signals and escalations count when the post
 * concerns that district (item_districts), engagements and training when they were logged for it,
 * campaign activity when delivered there (or, with no district of its own, for a campaign aimed at
 * it), and the risk register includes county-wide risks, which apply to every district.
 */

export interface BoardReportInput {
  from: string;
  to: string;
  previous: { from: string; to: string };
  districtId: string | null;
  /** London day the report is made on: overdue means due before it, outcomes run up to it. */
  today: string;
}

interface Bounds {
  start: SQL;
  end: SQL;
}

function bounds(from: string, to: string): Bounds {
  return {
    start: sql`((${from}::date)::timestamp at time zone 'Europe/London')`,
    end: sql`((${addDays(to, 1)}::date)::timestamp at time zone 'Europe/London')`,
  };
}

/** Signals whose post concerns the area (always true for the county). */
function signalInArea(alias: SQL, districtId: string | null): SQL {
  return districtId === null
    ? sql`true`
    : sql`exists (select 1 from item_districts idf where idf.item_id = ${alias}.item_id and idf.district_id = ${districtId})`;
}

const int = (v: unknown) => Number(v ?? 0);

async function signalFigures(db: Db, b: Bounds, districtId: string | null) {
  const inArea = signalInArea(sql`s`, districtId);
  const [cells, byCategory, byDay] = await Promise.all([
    db.execute(sql`
      select s.category, d.district_id, count(distinct s.id)::int as n
      from signals s
      ${districtId === null ? sql`left join item_districts d on d.item_id = s.item_id` : sql`join item_districts d on d.item_id = s.item_id and d.district_id = ${districtId}`}
      where s.created_at >= ${b.start} and s.created_at < ${b.end}
      group by 1, 2`),
    db.execute(sql`
      select s.category, count(*)::int as n from signals s
      where s.created_at >= ${b.start} and s.created_at < ${b.end} and ${inArea}
      group by 1`),
    db.execute(sql`
      select (s.created_at at time zone 'Europe/London')::date::text as day, s.category, count(*)::int as n
      from signals s
      where s.created_at >= ${b.start} and s.created_at < ${b.end} and ${inArea}
      group by 1, 2`),
  ]);
  const categories = rowsOf<{ category: string | null; n: number }>(byCategory).map((r) => ({
    category: r.category,
    count: int(r.n),
  }));
  return {
    total: categories.reduce((a, c) => a + c.count, 0),
    byCategory: categories,
    byCategoryDistrict: rowsOf<{ category: string | null; district_id: string | null; n: number }>(cells).map(
      (r) => ({ category: r.category, districtId: r.district_id, count: int(r.n) }),
    ),
    byDay: rowsOf<{ day: string; category: string | null; n: number }>(byDay).map((r) => ({
      day: r.day,
      category: r.category,
      count: int(r.n),
    })),
  };
}

async function reviewFigures(db: Db, b: Bounds, districtId: string | null) {
  const rows = rowsOf<{ seconds: number | null }>(
    await db.execute(sql`
      select extract(epoch from (s.first_reviewed_at - s.created_at))::float8 as seconds
      from signals s
      where s.created_at >= ${b.start} and s.created_at < ${b.end} and ${signalInArea(sql`s`, districtId)}`),
  );
  const seconds = rows.filter((r) => r.seconds !== null).map((r) => Math.max(0, Number(r.seconds)));
  return { seconds, unreviewed: rows.length - seconds.length };
}

async function escalationFigures(db: Db, b: Bounds, districtId: string | null) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select r.id, r.name, r.kind, e.status, (e.content_status = 'removed') as removed, count(*)::int as n
      from escalations e
      join escalation_routes r on r.id = e.route_id
      join signals s on s.id = e.signal_id
      where e.sent_at >= ${b.start} and e.sent_at < ${b.end} and ${signalInArea(sql`s`, districtId)}
      group by 1, 2, 3, 4, 5`),
  );
  return rows.map((r) => ({
    routeId: String(r.id),
    route: String(r.name),
    kind: String(r.kind),
    status: String(r.status),
    contentRemoved: r.removed === true,
    count: int(r.n),
  }));
}

async function narrativeFigures(db: Db, cur: Bounds, prev: Bounds, districtId: string | null) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with linked as (
        select ns.narrative_id,
               (s.created_at >= ${cur.start} and s.created_at < ${cur.end}) as now,
               (s.created_at >= ${prev.start} and s.created_at < ${prev.end}) as before
        from narrative_signals ns
        join signals s on s.id = ns.signal_id
        where ((s.created_at >= ${cur.start} and s.created_at < ${cur.end})
            or (s.created_at >= ${prev.start} and s.created_at < ${prev.end}))
          and ${signalInArea(sql`s`, districtId)}
      )
      select n.id, n.title, n.status,
             (n.created_at >= ${cur.start} and n.created_at < ${cur.end}) as created_in_period,
             count(*) filter (where l.now)::int as current,
             count(*) filter (where l.before)::int as previous
      from narratives n
      left join linked l on l.narrative_id = n.id
      group by n.id
      having count(l.narrative_id) > 0
          or (n.created_at >= ${cur.start} and n.created_at < ${cur.end}
              and ${districtId === null ? sql`true` : sql`exists (select 1 from narrative_districts nd where nd.narrative_id = n.id and nd.district_id = ${districtId})`})`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    title: String(r.title),
    status: String(r.status),
    createdInPeriod: r.created_in_period === true,
    current: int(r.current),
    previous: int(r.previous),
  }));
}

function activityInArea(districtId: string | null): SQL {
  return districtId === null
    ? sql`true`
    : sql`(a.district_id = ${districtId} or (a.district_id is null and exists (
        select 1 from campaign_districts cd where cd.campaign_id = a.campaign_id and cd.district_id = ${districtId})))`;
}

async function campaignFigures(db: Db, b: Bounds, districtId: string | null, today: string) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select c.id, c.title, c.status, count(*)::int as delivered,
             coalesce(sum(a.reach), 0)::int as reach, coalesce(sum(a.engagement), 0)::int as engagement,
             count(*) filter (where a.reach is null)::int as missing_reach
      from campaign_activities a
      join campaigns c on c.id = a.campaign_id
      where a.status = 'delivered' and a.starts_at >= ${b.start} and a.starts_at < ${b.end}
        and ${activityInArea(districtId)}
      group by c.id
      order by c.title, c.id`),
  );
  const out: BoardCampaign[] = [];
  // A board sees a handful of campaigns a period; each outcome is the campaign page's own measure.
  for (const r of rows) {
    const o = await campaignOutcomes(db, String(r.id), today);
    let outcome: BoardCampaign['outcome'] = null;
    let outcomeNote: string | null = null;
    const w = o?.windows;
    if (!w || w.kind === 'undated') outcomeNote = 'No start and end dates, so no outcome to measure';
    else if (w.kind === 'not_ended') outcomeNote = `Outcome measurable from ${w.afterOpensOn}`;
    else if (o.narratives.length === 0) outcomeNote = 'No narratives linked, so no outcome to measure';
    else {
      outcome = {
        before: o.narratives.reduce((a, n) => a + n.before, 0),
        after: o.narratives.reduce((a, n) => a + n.after, 0),
        days: w.days,
        complete: w.complete,
      };
      if (!w.complete) outcomeNote = `First ${w.days} days after the campaign so far`;
    }
    out.push({
      id: String(r.id),
      title: String(r.title),
      status: String(r.status),
      delivered: int(r.delivered),
      reach: int(r.reach),
      engagement: int(r.engagement),
      missingReach: int(r.missing_reach),
      outcome,
      outcomeNote,
    });
  }
  return out;
}

async function engagementFigures(db: Db, from: string, to: string, districtId: string | null) {
  const rows = rowsOf<{ district_id: string | null; kind: string; n: number }>(
    await db.execute(sql`
      select district_id, kind, count(*)::int as n from engagements
      where occurred_on between ${from}::date and ${to}::date
        ${districtId === null ? sql`` : sql`and district_id = ${districtId}`}
      group by 1, 2`),
  );
  return rows.map((r) => ({ districtId: r.district_id, kind: r.kind, count: int(r.n) }));
}

async function trainingFigures(
  db: Db,
  from: string,
  to: string,
  districtId: string | null,
): Promise<BoardTrainingRow[]> {
  const rows = await trainingUptake(db, 'sector', { from, to, ...(districtId ? { districtId } : {}) });
  return rows.map((r) => ({
    sector: r.key,
    sessions: r.sessions,
    attendees: r.attendees,
    feedback: r.feedback,
  }));
}

/** County-wide risks (no district) belong to every district's report. */
function riskInArea(alias: SQL, districtId: string | null): SQL {
  return districtId === null
    ? sql`true`
    : sql`(${alias}.id is not null and (${alias}.district_id = ${districtId} or ${alias}.district_id is null))`;
}

async function riskFigures(db: Db, b: Bounds, districtId: string | null, today: string) {
  const changes = sql`
    select a.action, case when a.entity_type = 'risk' then a.entity_id else pa.risk_id end as risk_id
    from audit_log a
    left join plan_actions pa on a.entity_type = 'plan_action' and pa.id = a.entity_id
    left join risks r on r.id = case when a.entity_type = 'risk' then a.entity_id else pa.risk_id end
    where a.entity_type in ('risk', 'plan_action') and a.at >= ${b.start} and a.at < ${b.end}
      and ${riskInArea(sql`r`, districtId)}`;
  const [byAction, distinct, overdue] = await Promise.all([
    db.execute(sql`select action, count(*)::int as n from (${changes}) c group by 1`),
    db.execute(sql`select count(distinct risk_id)::int as n from (${changes}) c`),
    db.execute(sql`
      select pa.id, pa.title, r.title as risk, d.name as district, u.name as owner,
             pa.due_on::text as due_on, pa.status
      from plan_actions pa
      left join risks r on r.id = pa.risk_id
      left join districts d on d.id = r.district_id
      left join users u on u.id = pa.owner_id
      where pa.due_on < ${today}::date and pa.status not in ('done', 'cancelled')
        and ${riskInArea(sql`r`, districtId)}`),
  ]);
  return {
    riskChanges: rowsOf<{ action: string; n: number }>(byAction).map((r) => ({
      action: r.action,
      count: int(r.n),
    })),
    risksChanged: int(rowsOf<{ n: number }>(distinct)[0]?.n),
    overdueActions: rowsOf<Record<string, unknown>>(overdue).map((r) => ({
      id: String(r.id),
      title: String(r.title),
      risk: (r.risk as string | null) ?? null,
      district: (r.district as string | null) ?? null,
      owner: (r.owner as string | null) ?? null,
      dueOn: String(r.due_on),
      status: String(r.status),
    })),
  };
}

async function previousTotals(db: Db, p: Bounds, from: string, to: string, districtId: string | null) {
  const inArea = signalInArea(sql`s`, districtId);
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select
        (select count(*) from signals s where s.created_at >= ${p.start} and s.created_at < ${p.end} and ${inArea}) as signals,
        (select count(*) from escalations e join signals s on s.id = e.signal_id
          where e.sent_at >= ${p.start} and e.sent_at < ${p.end} and ${inArea}) as escalations,
        (select count(*) from engagements where occurred_on between ${from}::date and ${to}::date
          ${districtId === null ? sql`` : sql`and district_id = ${districtId}`}) as engagements,
        (select coalesce(sum(attendees), 0) from training_sessions where delivered_on between ${from}::date and ${to}::date
          ${districtId === null ? sql`` : sql`and district_id = ${districtId}`}) as attendees,
        (select count(distinct a.campaign_id) from campaign_activities a
          where a.status = 'delivered' and a.starts_at >= ${p.start} and a.starts_at < ${p.end}
            and ${activityInArea(districtId)}) as campaigns`),
  );
  const review = await reviewFigures(db, p, districtId);
  return {
    signals: int(row?.signals),
    escalations: int(row?.escalations),
    engagements: int(row?.engagements),
    attendees: int(row?.attendees),
    campaignsDelivered: int(row?.campaigns),
    reviewSeconds: review.seconds,
  };
}

export async function boardReportData(db: Db, input: BoardReportInput): Promise<BoardReportData> {
  const rows = await listDistricts(db);
  const county = rows.find((d) => d.tier === 'county');
  const all = rows.filter((d) => d.tier === 'district');
  const chosen = input.districtId === null ? null : all.find((d) => d.id === input.districtId);
  if (input.districtId !== null && !chosen)
    throw new DomainError('invalid_input', 'That district does not exist.', { field: 'area' });
  const cur = bounds(input.from, input.to);
  const prev = bounds(input.previous.from, input.previous.to);
  const d = input.districtId;
  const [signals, review, escalations, narratives, campaigns, engagements, training, risk, previous] =
    await Promise.all([
      signalFigures(db, cur, d),
      reviewFigures(db, cur, d),
      escalationFigures(db, cur, d),
      narrativeFigures(db, cur, prev, d),
      campaignFigures(db, cur, d, input.today),
      engagementFigures(db, input.from, input.to, d),
      trainingFigures(db, input.from, input.to, d),
      riskFigures(db, cur, d, input.today),
      previousTotals(db, prev, input.previous.from, input.previous.to, d),
    ]);
  return {
    from: input.from,
    to: input.to,
    today: input.today,
    area: chosen
      ? { districtId: chosen.id, name: chosen.name }
      : { districtId: null, name: county?.name ?? 'Whole county' },
    districts: (chosen ? [chosen] : all).map((x) => ({ id: x.id, name: x.name })),
    signals,
    review,
    escalations,
    narratives,
    campaigns,
    engagements,
    training,
    ...risk,
    previous,
  };
}
