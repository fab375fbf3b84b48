import { AddressLimiter, isRole } from '@counterpoint/core';
import { accountLockedUntil, recordFailedSignIn, recordSuccessfulSignIn } from '@counterpoint/db';
import { fail, redirect } from '@sveltejs/kit';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { homeFor } from '$lib/nav.js';
import { getAuth } from '$lib/server/auth.js';
import { database } from '$lib/server/db.js';
import { safeRedirect } from '$lib/server/guard.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'), '');
  if (locals.user) redirect(303, redirectTo || homeFor(locals.user.role));
  return { redirectTo, signedOut: url.searchParams.get('signedOut') };
};

const form = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your e-mail address.')
    .email('Enter an e-mail address like name@example.com.'),
  password: z.string().min(1, 'Enter your password.'),
  redirectTo: z.string().optional(),
});

interface FieldErrors {
  email?: string | undefined;
  password?: string | undefined;
}

const MISMATCH = "That e-mail and password don't match. Check them and try again.";

// One per web process: see AddressLimiter for why memory is enough for this half of the limit.
const addresses = new AddressLimiter();

const clock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/London' });

/**
 * The same words whether the account or the address is the one held back, so the message does not
 * confirm that an account exists.
 */
function tooMany(until: Date): string {
  return `Too many unsuccessful attempts. Try again after ${clock.format(until)}, or ask an administrator to unlock the account.`;
}

export const actions: Actions = {
  default: async ({ request, getClientAddress }) => {
    const raw = Object.fromEntries(await request.formData());
    const parsed = form.safeParse(raw);
    const email = typeof raw.email === 'string' ? raw.email.trim() : '';
    const redirectTo = typeof raw.redirectTo === 'string' ? raw.redirectTo : '';
    const refuse = (status: number, message: string, errors: FieldErrors = {}) =>
      fail(status, { email, redirectTo, errors, message });
    if (!parsed.success) {
      const errors = z.flattenError(parsed.error).fieldErrors;
      return refuse(400, 'Check the highlighted fields.', {
        email: errors.email?.[0],
        password: errors.password?.[0],
      });
    }
    const now = new Date();
    const address = getClientAddress();
    const db = await database();
    // Checked before the password, so a locked account gives nothing away to a guess.
    const held =
      addresses.blockedUntil(address, now) ?? (await accountLockedUntil(db, parsed.data.email, now));
    if (held) return refuse(429, tooMany(held));
    const auth = await getAuth();
    let role: unknown;
    try {
      // Called on the server so the form works without JavaScript; the sveltekitCookies plugin
      // puts the session cookie on this response.
      const result = await auth.api.signInEmail({
        body: { email: parsed.data.email, password: parsed.data.password },
        headers: request.headers,
      });
      role = result.user.role;
      await recordSuccessfulSignIn(db, result.user.id);
      // The session hook ignores sessions of disabled accounts, so this one is inert.
      if (result.user.disabled) {
        return refuse(403, 'This account has been disabled. Ask an administrator.');
      }
    } catch (e) {
      if (e instanceof APIError && (e.statusCode === 401 || e.statusCode === 400)) {
        addresses.recordFailure(address, now);
        const lockedUntil = await recordFailedSignIn(db, parsed.data.email, now);
        return lockedUntil ? refuse(429, tooMany(lockedUntil)) : refuse(400, MISMATCH);
      }
      if (e instanceof APIError && e.statusCode === 429) {
        return refuse(429, 'Too many attempts. Wait a minute, then try again.');
      }
      throw e;
    }
    const home = isRole(role) ? homeFor(role) : '/';
    redirect(303, safeRedirect(parsed.data.redirectTo, home));
  },
};
