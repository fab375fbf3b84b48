import { compileGazetteer, type CompiledGazetteer } from '@counterpoint/core';
import { gazetteerKey, loadGazetteer, type Db } from '@counterpoint/db';

let cached: { key: string; gazetteer: CompiledGazetteer } | null = null;

/** The compiled gazetteer, rebuilt only when places or districts were added or removed. */
export async function currentGazetteer(db: Db): Promise<CompiledGazetteer> {
  const key = await gazetteerKey(db);
  if (cached?.key === key) return cached.gazetteer;
  const g = await loadGazetteer(db);
  cached = { key: g.key, gazetteer: compileGazetteer(g.places, g.districts) };
  return cached.gazetteer;
}
