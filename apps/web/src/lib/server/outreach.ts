import { isDomainError, todayInLondon } from '@counterpoint/core';
import type { Actor } from '@counterpoint/db';

/** Small helpers shared by the outreach pages' server code. */

export function actorOf(locals: App.Locals): Actor {
  const user = locals.user!;
  return { id: user.id, label: user.email };
}

export function today(): string {
  return todayInLondon(new Date());
}

/** Every single-valued text field of a form, trimmed of nothing (the parsers trim). */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && !(k in out)) out[k] = v;
  return out;
}

export function formList(form: FormData, key: string): string[] {
  return form.getAll(key).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/**
 * A refusal the person can act on (bad input, something gone, a conflict) becomes a message on
 * the form; anything else is a real fault and is rethrown.
 */
export function domainMessage(e: unknown): string {
  if (
    isDomainError(e) &&
    ['invalid_input', 'not_found', 'conflict', 'invalid_state', 'forbidden'].includes(e.code)
  )
    return e.message;
  throw e;
}

/** The search parameters a list page filters on, as plain strings. */
export function params<K extends string>(url: URL, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, (url.searchParams.get(k) ?? '').trim()])) as Record<
    K,
    string
  >;
}
