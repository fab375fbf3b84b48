import { newId } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { fairnessFigures } from './fairness.js';
import { generateTriageData } from './triage-generate.js';

/**
 * Benchmark of the fairness page's query at scale. Loads `signals` synthetic signals (the triage
 * generator), then spreads them over 26 weeks, gives each score two or three matched terms from a
 * 300-term set (every fifth one suppressed), places most items in one of eight districts and labels
 * one signal in ten. Times, side by side in the same run: a baseline (a plain count of the period's
 * signals by status, the cheapest read of the same rows) and `fairnessFigures` for 28 and 182 days.
 */

export interface FairnessBench {
  signals: number;
  rounds: number;
  timings: Array<{ name: string; p50: number; p95: number }>;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(rounds: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm the cache and the plan
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

export async function benchFairness(
  db: Db,
  opts: { signals: number; rounds: number; say?: (line: string) => void },
): Promise<FairnessBench> {
  const say = opts.say ?? (() => undefined);
  say(`loading ${opts.signals} signals`);
  await generateTriageData(db, { items: opts.signals, signals: opts.signals });
  const districtIds = Array.from({ length: 8 }, () => newId('district'));
  for (const [i, id] of districtIds.entries())
    await db.execute(
      sql`insert into districts (id, tier, slug, name) values (${id}, 'district', ${`bench-${i}-${id}`}, ${`Bench district ${i}`})`,
    );
  say('spreading over 26 weeks, adding terms, districts and labels');
  await db.execute(sql`
    update signals set created_at = now() - (abs(hashtext(id)) % (182 * 24)) * interval '1 hour'`);
  await db.execute(sql`
    update scores set evidence = (
      select jsonb_agg(jsonb_build_object('start', 0, 'end', 5, 'termId', 'gen-' || ((h + k * 37) % 300),
               'phrase', 'term ' || ((h + k * 37) % 300), 'category', 'conspiracy', 'weight', 0.5)
             || case when (h + k) % 5 = 0 then jsonb_build_object('suppressed', 'near report') else '{}'::jsonb end)
      from generate_series(0, 1 + h % 2) k)
    from (select id as sid, abs(hashtext(id)) as h from scores) x where x.sid = scores.id`);
  await db.execute(sql`
    insert into item_districts (item_id, district_id, via)
    select i.id, (${`{${districtIds.join(',')}}`}::text[])[1 + abs(hashtext(i.id)) % 8], 'gazetteer'
    from items i where abs(hashtext(i.id)) % 10 < 8
    on conflict do nothing`);
  const [user] = rowsOf<{ id: string }>(await db.execute(sql`select id from users limit 1`));
  if (user)
    await db.execute(sql`
      insert into labels (id, signal_id, item_id, user_id, relevant)
      select 'lbl_' || md5(s.id), s.id, s.item_id, ${user.id}, abs(hashtext(s.id)) % 3 = 0
      from signals s where abs(hashtext(s.id)) % 10 = 0
      on conflict do nothing`);
  await db.execute(sql`analyze signals, scores, items, item_districts, labels`);

  const timings: FairnessBench['timings'] = [];
  const baseline = await time(opts.rounds, () =>
    db.execute(sql`
      select status, count(*) from signals where created_at >= now() - interval '28 days' group by status`),
  );
  timings.push({ name: 'baseline: count by status, 28 days', ...baseline });
  for (const days of [28, 182]) {
    const t = await time(opts.rounds, () =>
      fairnessFigures(db, { days, weeks: Math.max(12, Math.ceil(days / 7)) }),
    );
    timings.push({ name: `fairnessFigures, ${days} days`, ...t });
  }
  const terms = await time(opts.rounds, () =>
    fairnessFigures(db, { days: 90, weeks: 1, dimensions: ['term'] }),
  );
  timings.push({ name: 'lexicon editor markers (terms, 90 days)', ...terms });
  return { signals: opts.signals, rounds: opts.rounds, timings };
}
