import { addDays, findSpikes, londonDay, type Spike } from '@counterpoint/core';
import {
  listDistricts,
  readDailyItemCounts,
  recordSpikes,
  refreshTrendCounts,
  trendObservedFrom,
  type Db,
} from '@counterpoint/db';
import { plantPosts, type PlantedPosts } from '@counterpoint/db/queries/trends-testing';

/**
 * Six weeks of scored posts across the demo districts and categories, with two planted spikes (far
 * right in the first district today, conspiracy in the third yesterday), counted and run through
 * spike detection the way the scheduled jobs do. For browser tests and screenshots.
 */

const CATEGORIES = ['extreme_right', 'conspiracy', 'anti_minority', 'islamist', 'violence'] as const;
const BASE: Record<(typeof CATEGORIES)[number], number> = {
  extreme_right: 4,
  conspiracy: 3,
  anti_minority: 2,
  islamist: 1,
  violence: 1,
};

function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

export async function seedTrends(db: Db, now = new Date()): Promise<{ spikes: Spike[]; alertIds: string[] }> {
  const districts = (await listDistricts(db)).filter((d) => d.tier === 'district');
  const rand = lcg(42);
  const batches: PlantedPosts[] = [];
  // Noon of each day, so every post lands on the intended London day.
  const noon = (daysAgo: number) => new Date(`${addDays(londonDay(now), -daysAgo)}T12:00:00Z`);
  for (let ago = 41; ago >= 0; ago -= 1) {
    // Never in the future: today's posts are before now.
    const at = new Date(Math.min(noon(ago).getTime(), now.getTime() - 3_600_000));
    districts.forEach((d, di) => {
      for (const c of CATEGORIES) {
        const weekly = ago % 7 === 1 || ago % 7 === 2 ? 0.6 : 1;
        const count = Math.round(BASE[c] * (1 + (di % 3) * 0.5) * weekly + rand() * 2 - 1);
        if (count > 0) batches.push({ at, category: c, districtId: d.id, count, signalEvery: 4 });
      }
    });
    batches.push({ at, category: 'extreme_right', districtId: null, count: 1 + Math.round(rand() * 2) });
  }
  if (districts[0])
    batches.push({
      at: new Date(Math.min(noon(0).getTime(), now.getTime() - 3_600_000)),
      category: 'extreme_right',
      districtId: districts[0].id,
      count: 34,
      signalEvery: 4,
    });
  if (districts[2])
    batches.push({
      at: noon(1),
      category: 'conspiracy',
      districtId: districts[2].id,
      count: 26,
      signalEvery: 4,
    });
  await plantPosts(db, batches);
  // Two in three signals have been looked at, within a few hours of being raised.
  await db.execute(`
    update signals set status = 'dismissed', dismiss_reason = 'not relevant',
      first_reviewed_at = created_at + (interval '1 minute' * (20 + (abs(hashtext(id)) % 400)))
    where abs(hashtext(id)) % 3 <> 0 and created_at < now() - interval '1 day'`);
  const today = londonDay(now);
  await refreshTrendCounts(db, { from: addDays(today, -44), to: today });
  const counts = await readDailyItemCounts(db, { from: addDays(today, -30), to: today });
  const spikes = findSpikes({
    counts,
    days: [addDays(today, -1), today],
    observedFrom: await trendObservedFrom(db),
  });
  const { created } = await recordSpikes(db, spikes, now);
  return { spikes, alertIds: created };
}
