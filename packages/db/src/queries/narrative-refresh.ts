import { deriveNarrativeStatus, type NarrativeStatus } from '@counterpoint/core';
import { inArray, sql } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { textArray } from './ingest-arrays.js';
import { narratives } from '../schema/narratives.js';

/**
 * A narrative's volume is the posts behind its signals: every item in the near-duplicate cluster of
 * each linked signal (a copy counts, since copying is how a story spreads), dated by when it was
 * published, or collected when the platform gave no date.
 */
export const ITEM_AT = sql.raw('coalesce(i.published_at, i.collected_at)');

interface Activity {
  id: string;
  status: NarrativeStatus;
  created_at: Date;
  first_seen: Date | null;
  last_seen: Date | null;
  last7: number;
  previous21: number;
}

async function activityOf(db: Db, ids: readonly string[] | null, now: Date): Promise<Activity[]> {
  const at = now.toISOString();
  const only = ids ? sql`where n.id = any(${textArray([...ids])}::text[])` : sql``;
  return rowsOf<Activity>(
    await db.execute(sql`
      select n.id, n.status, n.created_at, v.first_seen, v.last_seen,
        coalesce(v.last7, 0)::int as last7, coalesce(v.previous21, 0)::int as previous21
      from narratives n
      left join lateral (
        select min(${ITEM_AT}) as first_seen, max(${ITEM_AT}) as last_seen,
          count(*) filter (where ${ITEM_AT} > ${at}::timestamptz - interval '7 days'
            and ${ITEM_AT} <= ${at}::timestamptz) as last7,
          count(*) filter (where ${ITEM_AT} > ${at}::timestamptz - interval '28 days'
            and ${ITEM_AT} <= ${at}::timestamptz - interval '7 days') as previous21
        from narrative_signals ns
        join signals s on s.id = ns.signal_id
        join items i on i.cluster_id = s.cluster_id
        where ns.narrative_id = n.id
      ) v on true
      ${only}`),
  ).map((r) => ({
    ...r,
    created_at: new Date(r.created_at),
    first_seen: r.first_seen ? new Date(r.first_seen) : null,
    last_seen: r.last_seen ? new Date(r.last_seen) : null,
  }));
}

function statusOf(a: Activity, now: Date): NarrativeStatus {
  return deriveNarrativeStatus(
    {
      createdAt: a.created_at,
      firstSeenAt: a.first_seen,
      lastSeenAt: a.last_seen,
      last7: a.last7,
      previous21: a.previous21,
    },
    now,
  );
}

/**
 * Recomputes one narrative's first and last seen and its status inside the caller's transaction
 * (after a signal is linked or removed). Returns the status before and after, for the audit row.
 */
export async function refreshNarrative(
  tx: Db,
  narrativeId: string,
  now = new Date(),
): Promise<{ before: NarrativeStatus; after: NarrativeStatus }> {
  const [a] = await activityOf(tx, [narrativeId], now);
  if (!a) return { before: 'emerging', after: 'emerging' };
  const after = statusOf(a, now);
  await tx
    .update(narratives)
    .set({ firstSeenAt: a.first_seen, lastSeenAt: a.last_seen, status: after, updatedAt: new Date() })
    .where(inArray(narratives.id, [narrativeId]));
  return { before: a.status, after };
}

/**
 * Time moves a narrative's status even when nobody touches it (emerging becomes active, silence
 * becomes dormant), so the pages that show statuses call this first: it derives every status from
 * current volume and stores the ones that changed, each with a system audit row. Cheap when nothing
 * changed (one aggregate query, no writes).
 */
export async function refreshNarrativeStatuses(
  db: Db,
  options: { ids?: readonly string[]; now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const changed = (await activityOf(db, options.ids ?? null, now))
    .map((a) => ({ a, next: statusOf(a, now) }))
    .filter(({ a, next }) => next !== a.status);
  for (const { a, next } of changed) {
    await mutate(db, SYSTEM_ACTOR, async (tx) => {
      // Only if still as read: two readers refreshing at once write (and audit) the change once.
      const done = await tx
        .update(narratives)
        .set({ status: next, firstSeenAt: a.first_seen, lastSeenAt: a.last_seen })
        .where(sql`${narratives.id} = ${a.id} and ${narratives.status} = ${a.status}`)
        .returning({ id: narratives.id });
      return {
        result: undefined,
        audit: done.length
          ? {
              action: 'narrative.status_changed',
              entityType: 'narrative',
              entityId: a.id,
              change: { from: a.status, to: next, last7: a.last7, previous21: a.previous21 },
            }
          : [],
      };
    });
  }
  return changed.length;
}
