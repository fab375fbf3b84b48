import { eq } from 'drizzle-orm';
import type { Db } from '../open.js';
import { sources } from '../schema/sources.js';

/**
 * A connector's resume position (Mastodon since_id, Jetstream time_us). Moving it is bookkeeping
 * that follows every batch, like the health columns, so it is not written to the audit trail: the
 * batches it follows are audited by ingest.
 */

/** The source's cursor: null when it has none yet, undefined when there is no such source. */
export async function getSourceCursor(db: Db, sourceId: string): Promise<string | null | undefined> {
  const [row] = await db.select({ cursor: sources.cursor }).from(sources).where(eq(sources.id, sourceId));
  return row ? row.cursor : undefined;
}

/** Stores the cursor; false when the source no longer exists. */
export async function setSourceCursor(db: Db, sourceId: string, cursor: string | null): Promise<boolean> {
  const updated = await db
    .update(sources)
    .set({ cursor, updatedAt: new Date() })
    .where(eq(sources.id, sourceId))
    .returning({ id: sources.id });
  return updated.length > 0;
}
