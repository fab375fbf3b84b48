import { isDomainError } from '@counterpoint/core';
import { fail, type ActionFailure } from '@sveltejs/kit';
import { forget } from '$lib/server/cache.js';

/** Who acts, as the audit trail names them. */
export function actorOf(locals: App.Locals): { id: string; label: string } {
  const u = locals.user;
  if (!u) throw new Error('The hook lets no signed-in-only action through without a user.');
  return { id: u.id, label: u.email };
}

const STATUS: Record<string, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  forbidden: 403,
};

/**
 * Runs a triage action; a domain error becomes a form failure with a message a person can act on
 * (who holds the signal, what reason is missing), anything else stays a server error.
 */
export async function attempt(
  action: string,
  work: () => Promise<string>,
): Promise<
  | { ok: true; action: string; message: string }
  | ActionFailure<{ action: string; message: string; code: string }>
> {
  try {
    return { ok: true, action, message: await work() };
  } catch (e) {
    if (isDomainError(e)) return fail(STATUS[e.code] ?? 400, { action, message: e.message, code: e.code });
    throw e;
  } finally {
    // Whatever the action changed, this person's next queue shows fresh tab counts.
    forget(QUEUE_COUNTS);
  }
}

/** The cache prefix of the queue's tab counts (see the queue's load). */
export const QUEUE_COUNTS = 'queue-counts:';

export function field(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}
