import { isDomainError } from '@counterpoint/core';
import type { RiskActor } from '@counterpoint/db';
import { error, fail, type ActionFailure } from '@sveltejs/kit';

/** Server helpers shared by the risk and spaces registers. */

export function governanceActor(locals: App.Locals): RiskActor {
  const user = locals.user;
  if (!user) error(401, 'Please sign in.');
  return { id: user.id, label: user.email };
}

/** Every text field of a form as a plain record (files and repeats dropped), for the core parsers. */
export function formRecord(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in out)) out[key] = value;
  return out;
}

const STATUS: Record<string, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  forbidden: 403,
  four_eyes: 403,
};

/**
 * Runs a change; a domain refusal becomes a form failure naming the form (so the page shows the
 * message beside it), anything else stays a server error.
 */
export async function attemptChange(
  action: string,
  work: () => Promise<string>,
): Promise<
  { ok: true; action: string; message: string } | ActionFailure<{ action: string; message: string }>
> {
  try {
    return { ok: true, action, message: await work() };
  } catch (e) {
    if (isDomainError(e)) return fail(STATUS[e.code] ?? 400, { action, message: e.message });
    throw e;
  }
}
