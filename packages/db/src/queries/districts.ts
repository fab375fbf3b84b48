import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open.js';
import { districts, places } from '../schema/geography.js';

export type District = typeof districts.$inferSelect;
export type Place = typeof places.$inferSelect;

/** The county first, then its districts by name. */
export function listDistricts(db: Db): Promise<District[]> {
  return db
    .select()
    .from(districts)
    .orderBy(sql`case when ${districts.tier} = 'county' then 0 else 1 end`, asc(districts.name));
}

export async function getDistrictBySlug(db: Db, slug: string): Promise<District | null> {
  const [row] = await db.select().from(districts).where(eq(districts.slug, slug)).limit(1);
  return row ?? null;
}

/** The gazetteer, whole or for one district (the matcher loads it all once and caches it). */
export function listPlaces(db: Db, options: { districtId?: string } = {}): Promise<Place[]> {
  const q = db.select().from(places);
  return (options.districtId ? q.where(eq(places.districtId, options.districtId)) : q).orderBy(
    asc(places.name),
    asc(places.id),
  );
}
