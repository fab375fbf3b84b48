import { DomainError, newId } from '@counterpoint/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { items } from '../schema/items.js';
import { savedViews, signalOpens } from '../schema/triage.js';
import { users } from '../schema/users.js';

/**
 * Reviewer wellbeing and the analyst's own settings: how many signals they opened today against
 * their soft limit, and their saved queue views.
 */

/** Re-opening the same signal within this window (a reload, a form post) is not a new exposure. */
const REOPEN_WINDOW = '10 minutes';

/** Logs an open (not audited: it is a read, kept only for the wellbeing counter). */
export async function recordSignalOpen(db: Db, userId: string, signalId: string): Promise<void> {
  await db.execute(sql`
    insert into signal_opens (user_id, signal_id)
    select ${userId}, ${signalId}
    where exists (select 1 from signals s where s.id = ${signalId})
      and not exists (
      select 1 from signal_opens o
      where o.user_id = ${userId} and o.signal_id = ${signalId}
        and o.opened_at > now() - ${REOPEN_WINDOW}::interval)`);
}

export interface Wellbeing {
  openedToday: number;
  softLimit: number;
}

/** Signals opened since midnight UK time, and the person's daily soft limit. */
export async function wellbeingFor(db: Db, userId: string): Promise<Wellbeing> {
  const [opened, limit] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(signalOpens)
      .where(
        and(
          eq(signalOpens.userId, userId),
          sql`${signalOpens.openedAt} >= (date_trunc('day', now() at time zone 'Europe/London') at time zone 'Europe/London')`,
        ),
      ),
    db.select({ limit: users.dailySoftLimit }).from(users).where(eq(users.id, userId)).limit(1),
  ]);
  return { openedToday: Number(opened[0]?.n ?? 0), softLimit: limit[0]?.limit ?? 150 };
}

export interface SavedView {
  id: string;
  name: string;
  query: Record<string, string>;
}

export async function listSavedViews(db: Db, userId: string): Promise<SavedView[]> {
  const rows = await db
    .select({ id: savedViews.id, name: savedViews.name, query: savedViews.query })
    .from(savedViews)
    .where(eq(savedViews.userId, userId))
    .orderBy(asc(savedViews.name))
    .limit(50);
  return rows.map((r) => ({ ...r, query: r.query as Record<string, string> }));
}

/** Saves (or replaces, by name) a view of the queue: the URL query, as data. */
export async function saveView(
  db: Db,
  actor: Actor & { id: string },
  name: string,
  query: Record<string, string>,
): Promise<string> {
  const n = name.trim();
  if (!n || n.length > 80)
    throw new DomainError('invalid_input', 'Please name the view (up to 80 characters).');
  return mutate(db, actor, async (tx) => {
    const [row] = await tx
      .insert(savedViews)
      .values({ id: newId('savedView'), userId: actor.id, name: n, query })
      .onConflictDoUpdate({ target: [savedViews.userId, savedViews.name], set: { query } })
      .returning({ id: savedViews.id });
    return {
      result: row!.id,
      audit: {
        action: 'saved_view.saved',
        entityType: 'saved_view',
        entityId: row!.id,
        change: { name: n, query },
      },
    };
  });
}

export async function deleteView(db: Db, actor: Actor & { id: string }, id: string): Promise<void> {
  await mutate(db, actor, async (tx) => {
    const gone = await tx
      .delete(savedViews)
      .where(and(eq(savedViews.id, id), eq(savedViews.userId, actor.id)))
      .returning({ id: savedViews.id });
    if (gone.length === 0) throw new DomainError('not_found', 'That view no longer exists.');
    return {
      result: undefined,
      audit: { action: 'saved_view.deleted', entityType: 'saved_view', entityId: id, change: {} },
    };
  });
}

/**
 * Fills `items.search` for items that are signals' representatives and have none yet, a batch at a
 * time (ingest never pays for full-text indexing). The queue calls this before a search, so search
 * stays complete for what the queue can show; the remaining 0.9 M non-signal items are not needed
 * for triage search and can be filled by the same statement from a scheduled job.
 */
export async function fillSignalSearchIndex(db: Db, batch = 2000): Promise<number> {
  const res = await db.execute(sql`
    update ${items} i set search =
      setweight(to_tsvector('english', coalesce(i.title, '')), 'A') || to_tsvector('english', i.text)
    where i.id in (
      select s.item_id from signals s join items x on x.id = s.item_id
      where x.search is null limit ${batch})
    returning i.id`);
  return rowsOf(res).length;
}
