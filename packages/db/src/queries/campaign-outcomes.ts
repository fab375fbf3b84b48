import {
  addDays,
  compareVolumes,
  londonInstant,
  outcomeWindows,
  tallyActivities,
  type ActivityTally,
  type DayRange,
  type OutcomeWindows,
  type VolumeComparison,
} from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { textArray } from './ingest-arrays.js';
import { getCampaign } from './campaigns.js';
import { listCampaignActivities } from './campaign-activities.js';

const instantOf = (day: string) => londonInstant(day, '00:00');

/**
 * Signals linked to each narrative whose post falls in each window and concerns any of the
 * districts (every district when none are given). A signal's time is when its post was published,
 * or collected when the platform gave no date. Days are Europe/London days. One query.
 */
export async function narrativeVolumes(
  db: Db,
  input: { narrativeIds: string[]; districtIds: string[]; before: DayRange; after: DayRange },
): Promise<Map<string, { before: number; after: number }>> {
  const out = new Map(input.narrativeIds.map((id) => [id, { before: 0, after: 0 }]));
  if (input.narrativeIds.length === 0) return out;
  const bFrom = instantOf(input.before.from).toISOString();
  const bTo = instantOf(addDays(input.before.to, 1)).toISOString();
  const aFrom = instantOf(input.after.from).toISOString();
  const aTo = instantOf(addDays(input.after.to, 1)).toISOString();
  const narrativeIds = textArray(input.narrativeIds);
  const districtIds = textArray(input.districtIds);
  const rows = rowsOf<{ narrative_id: string; before: string; after: string }>(
    await db.execute(sql`
      with timed as (
        select ns.narrative_id, s.id, coalesce(i.published_at, i.collected_at) as at
        from narrative_signals ns
        join signals s on s.id = ns.signal_id
        join items i on i.id = s.item_id
        where ns.narrative_id = any(${narrativeIds}::text[])
          and (cardinality(${districtIds}::text[]) = 0 or exists (
            select 1 from item_districts d where d.item_id = i.id and d.district_id = any(${districtIds}::text[])))
      )
      select narrative_id,
        count(distinct id) filter (where at >= ${bFrom}::timestamptz and at < ${bTo}::timestamptz) as before,
        count(distinct id) filter (where at >= ${aFrom}::timestamptz and at < ${aTo}::timestamptz) as after
      from timed
      where at >= ${bFrom}::timestamptz and at < ${aTo}::timestamptz
      group by narrative_id`),
  );
  for (const r of rows) out.set(r.narrative_id, { before: Number(r.before), after: Number(r.after) });
  return out;
}

export interface CampaignOutcomes {
  activities: ActivityTally;
  windows: OutcomeWindows;
  narratives: Array<{ id: string; title: string } & VolumeComparison>;
  districts: string[];
}

export async function campaignOutcomes(
  db: Db,
  campaignId: string,
  today: string,
): Promise<CampaignOutcomes | null> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) return null;
  const activities = tallyActivities(await listCampaignActivities(db, campaignId));
  const windows = outcomeWindows(campaign.startsOn, campaign.endsOn, today);
  let narratives: CampaignOutcomes['narratives'] = [];
  if (windows.kind === 'ready') {
    const volumes = await narrativeVolumes(db, {
      narrativeIds: campaign.narratives.map((n) => n.id),
      districtIds: campaign.districts.map((d) => d.id),
      before: windows.before,
      after: windows.after,
    });
    narratives = campaign.narratives.map((n) => {
      const v = volumes.get(n.id) ?? { before: 0, after: 0 };
      return { id: n.id, title: n.title, ...compareVolumes(v.before, v.after) };
    });
  }
  return { activities, windows, narratives, districts: campaign.districts.map((d) => d.name) };
}
