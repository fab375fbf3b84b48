import { DomainError, isDomainError, newId, type ErrorCode } from '@counterpoint/core';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { mutate, type AuditEntry } from '../audit.js';
import type { Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { narrativeDistricts, narratives, narrativeSignals } from '../schema/narratives.js';
import { signals } from '../schema/triage.js';
import { linkInTransaction } from './narrative-links.js';
import { refreshNarrative } from './narrative-refresh.js';
import type { TriageActor } from './triage.js';

export interface NarrativeInput {
  title: string;
  summary: string;
  category: string | null;
  districtIds: readonly string[];
}

export const NARRATIVE_TITLE_MAX = 160;
export const NARRATIVE_SUMMARY_MAX = 4000;
/** How many signals one "new narrative from selection" may carry (a queue page holds 50). */
export const NARRATIVE_CREATE_MAX_SIGNALS = 200;

/** Trims and checks what a person typed; a clear message for each mistake. */
export function cleanNarrativeInput(input: NarrativeInput): NarrativeInput {
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title.length < 3)
    throw new DomainError('invalid_input', 'Give the narrative a title (at least 3 characters).');
  if (title.length > NARRATIVE_TITLE_MAX)
    throw new DomainError('invalid_input', `Keep the title under ${NARRATIVE_TITLE_MAX} characters.`);
  const summary = input.summary.trim();
  if (summary.length > NARRATIVE_SUMMARY_MAX)
    throw new DomainError('invalid_input', `Keep the summary under ${NARRATIVE_SUMMARY_MAX} characters.`);
  const category = input.category?.trim() || null;
  // Categories are data (a partnership may add one), so only the shape is checked.
  if (category && !/^[a-z][a-z0-9_]{0,40}$/.test(category))
    throw new DomainError('invalid_input', 'That category is not one the workbench knows.');
  return { title, summary, category, districtIds: [...new Set(input.districtIds.filter(Boolean))] };
}

async function checkDistricts(tx: Db, ids: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  const found = await tx
    .select({ id: districts.id, name: districts.name })
    .from(districts)
    .where(inArray(districts.id, [...ids]));
  if (found.length !== ids.length)
    throw new DomainError('invalid_input', 'One of those districts does not exist.');
  return found;
}

export interface CreateNarrativeResult {
  id: string;
  linked: number;
  /** Signals that could not join (someone else is reviewing one, say), with the reason. */
  refused: Array<{ signalId: string; message: string; code: ErrorCode }>;
}

/**
 * Creates a narrative, optionally from signals (a queue selection or one signal's page), in one
 * transaction: the narrative, its districts, each link (an open signal becomes linked, as when
 * adding to an existing narrative) and one audit row for each. A signal that cannot join is
 * reported, not fatal, unless none of the chosen signals can: then nothing is created.
 */
export async function createNarrative(
  db: Db,
  actor: TriageActor,
  input: NarrativeInput & { signalIds?: readonly string[] },
): Promise<CreateNarrativeResult> {
  const clean = cleanNarrativeInput(input);
  const signalIds = [...new Set(input.signalIds ?? [])];
  if (signalIds.length > NARRATIVE_CREATE_MAX_SIGNALS)
    throw new DomainError('invalid_input', `Choose at most ${NARRATIVE_CREATE_MAX_SIGNALS} signals at once.`);
  return mutate(db, actor, async (tx) => {
    const places = await checkDistricts(tx, clean.districtIds);
    const id = newId('narrative');
    await tx.insert(narratives).values({
      id,
      title: clean.title,
      summary: clean.summary,
      category: clean.category,
      createdBy: actor.id,
    });
    if (places.length)
      await tx.insert(narrativeDistricts).values(places.map((d) => ({ narrativeId: id, districtId: d.id })));
    const audit: AuditEntry[] = [
      {
        action: 'narrative.created',
        entityType: 'narrative',
        entityId: id,
        change: { ...clean, districts: places.map((d) => d.name), fromSignals: signalIds },
      },
    ];
    const refused: CreateNarrativeResult['refused'] = [];
    for (const signalId of signalIds) {
      try {
        const link = await linkInTransaction(tx, actor, signalId, { id, title: clean.title });
        audit.push(link.audit);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        refused.push({ signalId, message: e.message, code: e.code });
      }
    }
    if (signalIds.length > 0 && refused.length === signalIds.length) {
      throw new DomainError(refused[0]!.code, refused[0]!.message);
    }
    await refreshNarrative(tx, id);
    return { result: { id, linked: signalIds.length - refused.length, refused }, audit };
  });
}

/** Changes a narrative's title, summary, category and districts; the audit row holds what changed. */
export async function updateNarrative(
  db: Db,
  actor: TriageActor,
  id: string,
  input: NarrativeInput,
): Promise<void> {
  const clean = cleanNarrativeInput(input);
  await mutate(db, actor, async (tx) => {
    const [before] = await tx
      .select({ title: narratives.title, summary: narratives.summary, category: narratives.category })
      .from(narratives)
      .where(eq(narratives.id, id))
      .for('update')
      .limit(1);
    if (!before) throw new DomainError('not_found', 'That narrative no longer exists.');
    const places = await checkDistricts(tx, clean.districtIds);
    const oldPlaces = await tx
      .select({ id: narrativeDistricts.districtId })
      .from(narrativeDistricts)
      .where(eq(narrativeDistricts.narrativeId, id));
    await tx
      .update(narratives)
      .set({ title: clean.title, summary: clean.summary, category: clean.category, updatedAt: new Date() })
      .where(eq(narratives.id, id));
    await tx.delete(narrativeDistricts).where(eq(narrativeDistricts.narrativeId, id));
    if (places.length)
      await tx.insert(narrativeDistricts).values(places.map((d) => ({ narrativeId: id, districtId: d.id })));
    const change: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['title', 'summary', 'category'] as const)
      if (before[k] !== clean[k]) change[k] = { from: before[k], to: clean[k] };
    const was = oldPlaces.map((p) => p.id).sort();
    const now = places.map((p) => p.id).sort();
    if (was.join() !== now.join()) change.districtIds = { from: was, to: now };
    return {
      result: undefined,
      audit: { action: 'narrative.updated', entityType: 'narrative', entityId: id, change },
    };
  });
}

/**
 * Takes a signal out of a narrative. A signal that was `linked` and now belongs to no narrative
 * has lost the decision that closed it, so it goes back to review, assigned to whoever removed
 * it, rather than silently staying decided or dropping back into everyone's queue.
 */
export async function removeSignalFromNarrative(
  db: Db,
  actor: TriageActor,
  narrativeId: string,
  signalId: string,
): Promise<{ reopened: boolean }> {
  return mutate(db, actor, async (tx) => {
    const gone = await tx
      .delete(narrativeSignals)
      .where(and(eq(narrativeSignals.narrativeId, narrativeId), eq(narrativeSignals.signalId, signalId)))
      .returning({ signalId: narrativeSignals.signalId });
    if (gone.length === 0) throw new DomainError('not_found', 'That signal is not part of this narrative.');
    const [elsewhere] = await tx
      .select({ n: narrativeSignals.narrativeId })
      .from(narrativeSignals)
      .where(and(eq(narrativeSignals.signalId, signalId), ne(narrativeSignals.narrativeId, narrativeId)))
      .limit(1);
    let reopened = false;
    if (!elsewhere) {
      const back = await tx
        .update(signals)
        .set({ status: 'in_review', assigneeId: actor.id, assignedAt: sql`now()`, updatedAt: new Date() })
        .where(and(eq(signals.id, signalId), eq(signals.status, 'linked')))
        .returning({ id: signals.id });
      reopened = back.length > 0;
    }
    await refreshNarrative(tx, narrativeId);
    return {
      result: { reopened },
      audit: {
        action: 'narrative.signal_removed',
        entityType: 'narrative',
        entityId: narrativeId,
        change: { signalId, ...(reopened ? { signalStatus: 'in_review' } : {}) },
      },
    };
  });
}
