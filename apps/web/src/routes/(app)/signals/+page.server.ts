import { can, isDomainError } from '@counterpoint/core';
import {
  bulkTriage,
  claimSignal,
  countQueue,
  deleteView,
  dismissSignal,
  escalateSignal,
  fillSignalSearchIndex,
  labelSignal,
  linkSignalToNarrative,
  listQueue,
  listSavedViews,
  narrativeChoices,
  newestSignalId,
  QUEUE_SEARCH_COUNT_CAP,
  queueFacets,
  routeOptionsFor,
  saveView,
  addNote,
} from '@counterpoint/db';
import { error, fail } from '@sveltejs/kit';
import { cached, forget } from '$lib/server/cache.js';
import { database } from '$lib/server/db.js';
import { actorOf, attempt, field, QUEUE_COUNTS } from './act.server.js';
import { filterFrom } from './queue-filter.js';
import { readParams, toQuery } from './queue-params.js';
import { shownRow } from './queue-row.js';
import type { Actions, PageServerLoad } from './$types';

// How far the signal search index is known to be complete (per process; starts from the beginning
// after a restart, which costs one full pass of the check).
let indexedUpTo: string | null = null;
const SEARCH_FILL_BUDGET_MS = 250;

// A person's saved views change only through the two actions below, which forget them (in every
// web process: cache.ts), so the queue page reads them from memory rather than PostgreSQL.
const savedViewsKey = (userId: string) => `saved-views:${userId}`;

/**
 * Search reads the stored tsvector: before searching, index the items of signals raised since the
 * last search, within a time budget (about 3,500 items), so a search waits at most a quarter of a
 * second. A backlog (a fresh import of many signals) is caught up by successive searches or at once
 * by `counterpoint search-index`.
 */
async function topUpSearchIndex(db: Awaited<ReturnType<typeof database>>): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { filled, upTo } = await fillSignalSearchIndex(db, { after: indexedUpTo });
    indexedUpTo = upTo;
    if (filled === 0 || Date.now() - started > SEARCH_FILL_BUDGET_MS) return;
  }
}

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const user = locals.user!;
  const params = readParams(url.searchParams);
  const filter = filterFrom(params, user.id);
  if (filter.q) await topUpSearchIndex(db);
  const cursor = url.searchParams.get('after');
  let page;
  try {
    page = await listQueue(db, filter, cursor);
  } catch (e) {
    if (isDomainError(e)) error(400, e.message);
    throw e;
  }
  // The tab counts (a count over every signal the filters match) and the filter bar's choices are
  // remembered for a few seconds per filter (lib/server/cache.ts); a triage action here forgets
  // the counts, so a person's own change shows at once.
  const { status: _status, ...countFilter } = filter;
  const [counts, facets, views, newest, routes, narratives] = await Promise.all([
    cached(`${QUEUE_COUNTS}${JSON.stringify(countFilter)}`, 5_000, () => countQueue(db, countFilter)),
    cached('queue-facets', 60_000, () => queueFacets(db)),
    cached(savedViewsKey(user.id), 60_000, () => listSavedViews(db, user.id)),
    newestSignalId(db),
    // A selection spans categories and districts: routes for any signal are suggested.
    can(user.role, 'signals:escalate')
      ? cached('route-options:any', 30_000, () => routeOptionsFor(db, { category: null, districtIds: [] }))
      : Promise.resolve([]),
    can(user.role, 'signals:triage')
      ? cached('narrative-choices', 10_000, () => narrativeChoices(db))
      : Promise.resolve([]),
  ]);
  return {
    title: 'Signals',
    params,
    status: filter.status,
    rows: page.rows.map(shownRow),
    next: page.next ? toQuery(params, { after: page.next }) : null,
    deep: Boolean(cursor),
    counts,
    // With a search the tab counts stop at a cap (countQueue): above it the tab reads "1,000+".
    countCap: filter.q?.trim() ? QUEUE_SEARCH_COUNT_CAP : null,
    facets,
    views,
    newest,
    routes,
    narratives,
    me: user.id,
    canTriage: can(user.role, 'signals:triage'),
    canEscalate: can(user.role, 'signals:escalate'),
    canExport: can(user.role, 'signals:export'),
    canEditNarratives: can(user.role, 'narratives:edit'),
  };
};

function idsOf(data: FormData): string[] {
  return [...new Set(data.getAll('ids').filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

function summary(verb: string, out: { done: number; refused: Array<{ message: string }> }): string {
  const refused = out.refused.length ? ` ${out.refused.length} could not be: ${out.refused[0]!.message}` : '';
  return `${out.done} ${out.done === 1 ? 'signal' : 'signals'} ${verb}.${refused}`;
}

// Permission (signals:triage, signals:escalate for bulkEscalate, signals:view for views) was checked
// by the hook first; each bulk item is its own audited change with its own conditional update.
export const actions: Actions = {
  bulkClaim: async ({ locals, request }) => {
    const ids = idsOf(await request.formData());
    const db = await database();
    const actor = actorOf(locals);
    return attempt('bulkClaim', async () =>
      summary('assigned to you', await bulkTriage(ids, (id) => claimSignal(db, actor, id))),
    );
  },
  bulkDismiss: async ({ locals, request }) => {
    const data = await request.formData();
    const db = await database();
    const actor = actorOf(locals);
    const reason = field(data, 'reason');
    if (reason.trim().length < 5)
      return fail(400, {
        action: 'bulkDismiss',
        message: 'Please give a reason for dismissing (at least 5 characters).',
      });
    return attempt('bulkDismiss', async () =>
      summary('dismissed', await bulkTriage(idsOf(data), (id) => dismissSignal(db, actor, id, reason))),
    );
  },
  bulkEscalate: async ({ locals, request }) => {
    const data = await request.formData();
    const db = await database();
    const actor = actorOf(locals);
    const input = { routeId: field(data, 'routeId'), reason: field(data, 'reason') };
    return attempt('bulkEscalate', async () =>
      summary('escalated', await bulkTriage(idsOf(data), (id) => escalateSignal(db, actor, id, input))),
    );
  },
  bulkLabel: async ({ locals, request }) => {
    const data = await request.formData();
    const db = await database();
    const actor = actorOf(locals);
    const relevant = field(data, 'relevant') !== 'no';
    const correctedCategory = relevant ? field(data, 'correctedCategory') : null;
    return attempt('bulkLabel', async () =>
      summary(
        'labelled',
        await bulkTriage(idsOf(data), (id) => labelSignal(db, actor, id, { relevant, correctedCategory })),
      ),
    );
  },
  bulkNote: async ({ locals, request }) => {
    const data = await request.formData();
    const db = await database();
    const actor = actorOf(locals);
    const body = field(data, 'body');
    return attempt('bulkNote', async () =>
      summary(
        'noted',
        await bulkTriage(idsOf(data), (id) => addNote(db, actor, { type: 'signal', id }, body)),
      ),
    );
  },
  bulkLink: async ({ locals, request }) => {
    const data = await request.formData();
    const db = await database();
    const actor = actorOf(locals);
    const narrativeId = field(data, 'narrativeId');
    return attempt('bulkLink', async () =>
      summary(
        'added to the narrative',
        await bulkTriage(idsOf(data), (id) => linkSignalToNarrative(db, actor, id, narrativeId)),
      ),
    );
  },
  saveView: async ({ locals, request }) => {
    const data = await request.formData();
    const query = readParams(new URLSearchParams(field(data, 'query')));
    return attempt('saveView', async () => {
      await saveView(await database(), actorOf(locals), field(data, 'name'), query);
      forget(savedViewsKey(locals.user!.id));
      return 'View saved.';
    });
  },
  deleteView: async ({ locals, request }) => {
    const data = await request.formData();
    return attempt('deleteView', async () => {
      await deleteView(await database(), actorOf(locals), field(data, 'id'));
      forget(savedViewsKey(locals.user!.id));
      return 'View deleted.';
    });
  },
};
