import type { GazetteerDistrict, GazetteerPlace } from '@counterpoint/core';
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../open.js';
import { districts, places } from '../schema/geography.js';
import { textArray } from './ingest-arrays.js';

/** The gazetteer in the matcher's shape: every place, and the districts (not the county) by name. */
export async function loadGazetteer(
  db: Db,
): Promise<{ places: GazetteerPlace[]; districts: GazetteerDistrict[]; key: string }> {
  const [p, d] = await Promise.all([
    db
      .select({
        id: places.id,
        districtId: places.districtId,
        name: places.name,
        aliases: places.aliases,
        ambiguous: places.ambiguous,
      })
      .from(places)
      .orderBy(asc(places.id)),
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .where(eq(districts.tier, 'district'))
      .orderBy(asc(districts.id)),
  ]);
  return { places: p, districts: d, key: await gazetteerKey(db) };
}

/** Changes whenever a place or district is added or removed (the scorer recompiles then). */
export async function gazetteerKey(db: Db): Promise<string> {
  const [row] = rowsOf<{ k: string }>(
    await db.execute(sql`select (select count(*) || ':' || coalesce(max(id), '') from places) || '/' ||
      (select count(*) || ':' || coalesce(max(id), '') from districts) as k`),
  );
  return row?.k ?? '';
}

/**
 * Records the districts the gazetteer found in items (via 'gazetteer'). Idempotent: a district the
 * source already gave (via 'source') or an earlier run found is left as it is. Call it inside the
 * transaction that stores the items' scores.
 */
export async function insertGazetteerDistricts(
  tx: Db,
  rows: readonly { itemId: string; districtId: string }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  return rowsOf<{ item_id: string }>(await tx.execute(gazetteerDistrictsInsert(rows))).length;
}

/** The statement `insertGazetteerDistricts` runs, for use inside a larger one (returns item_id). */
export function gazetteerDistrictsInsert(rows: readonly { itemId: string; districtId: string }[]): SQL {
  return sql`
    insert into item_districts (item_id, district_id, via)
    select i, d, 'gazetteer' from unnest(${textArray(rows.map((r) => r.itemId))}::text[],
      ${textArray(rows.map((r) => r.districtId))}::text[]) as t(i, d)
    on conflict do nothing
    returning item_id`;
}
