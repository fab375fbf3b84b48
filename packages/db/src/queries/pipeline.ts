import { and, asc, eq, sql } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR } from '../audit.js';
import type { Db } from '../open.js';
import { sourceDistricts, sources } from '../schema/sources.js';

export interface SourceForIngest {
  id: string;
  kind: string;
  url: string | null;
  districtIds: string[];
}

/** What the ingest step needs to know about a source: where relative links resolve, its districts. */
export async function sourceForIngest(db: Db, sourceId: string): Promise<SourceForIngest | undefined> {
  const [row] = await db
    .select({
      id: sources.id,
      kind: sources.kind,
      url: sources.url,
      districtIds: sql<
        string[]
      >`coalesce(array_agg(${sourceDistricts.districtId}) filter (where ${sourceDistricts.districtId} is not null), '{}')`,
    })
    .from(sources)
    .leftJoin(sourceDistricts, eq(sourceDistricts.sourceId, sources.id))
    .where(eq(sources.id, sourceId))
    .groupBy(sources.id);
  return row;
}

export interface DemoReplaySource {
  id: string;
  position: number;
}

/** The enabled demo-replay source and how many demo posts it has released so far. */
export async function demoReplaySource(db: Db): Promise<DemoReplaySource | undefined> {
  const [row] = await db
    .select({ id: sources.id, cursor: sources.cursor })
    .from(sources)
    .where(and(eq(sources.kind, 'demo'), eq(sources.enabled, true)))
    .orderBy(asc(sources.createdAt))
    .limit(1);
  return row ? { id: row.id, position: Number(row.cursor ?? 0) || 0 } : undefined;
}

/**
 * Moves the demo replay's position forward. Compare-and-set on the old position, so two runs of the
 * replay job (a retry overlapping a slow run) cannot release the same posts twice.
 */
export async function advanceDemoReplay(db: Db, id: string, from: number, to: number): Promise<boolean> {
  return mutate(db, SYSTEM_ACTOR, async (tx) => {
    const updated = await tx
      .update(sources)
      .set({ cursor: String(to), updatedAt: new Date() })
      .where(
        and(
          eq(sources.id, id),
          from === 0 ? sql`coalesce(${sources.cursor}, '0') = '0'` : eq(sources.cursor, String(from)),
        ),
      )
      .returning({ id: sources.id });
    const ok = updated.length === 1;
    return {
      result: ok,
      audit: ok
        ? { action: 'source.demo_replayed', entityType: 'source', entityId: id, change: { from, to } }
        : [],
    };
  });
}
