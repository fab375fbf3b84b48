import { can, NARRATIVE_STATUS_VALUES, type NarrativeStatus } from '@counterpoint/core';
import {
  countNarrativesByStatus,
  listNarratives,
  proposeNarratives,
  refreshNarrativeStatuses,
} from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

function statusParam(v: string | null): NarrativeStatus | null {
  return (NARRATIVE_STATUS_VALUES as readonly string[]).includes(v ?? '') ? (v as NarrativeStatus) : null;
}

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  // Statuses move with time as well as with links: derive them afresh before listing (writes only
  // the ones that changed, each audited as a system change).
  await refreshNarrativeStatuses(db);
  const status = statusParam(url.searchParams.get('status'));
  const canEdit = can(locals.user!.role, 'narratives:edit');
  const [narratives, counts, proposals] = await Promise.all([
    listNarratives(db, { status }),
    countNarrativesByStatus(db),
    canEdit ? proposeNarratives(db) : Promise.resolve([]),
  ]);
  return { title: 'Narratives', status, narratives, counts, proposals, canEdit };
};
