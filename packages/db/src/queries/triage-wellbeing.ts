import { DomainError, newId } from '@counterpoint/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import { rowsOf, type Db } from '../open.js';
import { items } from '../schema/items.js';
import { savedViews, signalOpens } from '../schema/triage.js';
import { users } from '../schema/users.js';
import { textArray } from './ingest-arrays.js';

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
 * Fills `items.search` for the items behind signals that have none yet, a batch at a time (ingest
 * never pays for full-text indexing). Signals are walked in id order from `after`, so a caller that
 * remembers the returned `upTo` only looks at signals raised since (an indexed range on the primary
 * key) instead of re-checking them all (66 ms at 100,000 signals). Items that are not signals are
 * not needed by triage search and are left for a scheduled job running the same statement.
 */
export async function fillSignalSearchIndex(
  db: Db,
  opts: { batch?: number; after?: string | null } = {},
): Promise<{ filled: number; upTo: string | null }> {
  const batch = opts.batch ?? 2000;
  const after = opts.after ?? '';
  const rows = rowsOf<{ id: string; item_id: string }>(
    await db.execute(sql`
      select s.id, s.item_id from signals s join items x on x.id = s.item_id
      where s.id > ${after} and x.search is null
      order by s.id limit ${batch}`),
  );
  if (rows.length > 0) {
    await db.execute(sql`
      update ${items} set search =
        setweight(to_tsvector('english', coalesce(title, '')), 'A') || to_tsvector('english', text)
      where id = any(${textArray(rows.map((r) => r.item_id))}::text[])`);
  }
  if (rows.length === batch) return { filled: rows.length, upTo: rows[rows.length - 1]!.id };
  // Everything up to the newest signal is indexed.
  const [last] = rowsOf<{ id: string | null }>(await db.execute(sql`select max(id) as id from signals`));
  return { filled: rows.length, upTo: last?.id ?? opts.after ?? null };
}
