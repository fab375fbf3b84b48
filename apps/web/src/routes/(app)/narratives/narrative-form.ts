import { isDomainError } from '@counterpoint/core';
import { listDistricts, schema, type Db, type NarrativeInput } from '@counterpoint/db';

/** What the narrative form holds, as typed (kept on a refused submit so nothing is lost). */
export interface NarrativeFormValues {
  title: string;
  summary: string;
  category: string;
  districtIds: string[];
}

export const EMPTY_NARRATIVE: NarrativeFormValues = { title: '', summary: '', category: '', districtIds: [] };

function text(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}

function many(data: FormData, name: string): string[] {
  return [...new Set(data.getAll(name).filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

export function readNarrativeForm(data: FormData): NarrativeFormValues {
  return {
    title: text(data, 'title'),
    summary: text(data, 'summary'),
    category: text(data, 'category'),
    districtIds: many(data, 'districtIds'),
  };
}

export function toInput(v: NarrativeFormValues): NarrativeInput {
  return { title: v.title, summary: v.summary, category: v.category || null, districtIds: v.districtIds };
}

export function signalIdsOf(data: FormData): string[] {
  return many(data, 'signalIds');
}

/** A domain error's message for the form, or null when the error is not one a person can fix. */
export function formError(e: unknown): string | null {
  return isDomainError(e) ? e.message : null;
}

/** Choices the form offers: the harm categories and the county's districts. */
export async function narrativeFormOptions(db: Db) {
  const districts = (await listDistricts(db))
    .filter((d) => d.tier === 'district')
    .map((d) => ({ id: d.id, name: d.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { categories: [...schema.CATEGORIES] as string[], districts };
}
