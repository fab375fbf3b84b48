import { isRole } from '@counterpoint/core';
import { fail, redirect } from '@sveltejs/kit';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { homeFor } from '$lib/nav.js';
import { getAuth } from '$lib/server/auth.js';
import { safeRedirect } from '$lib/server/guard.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'), '');
  if (locals.user) redirect(303, redirectTo || homeFor(locals.user.role));
  return { redirectTo, signedOut: url.searchParams.has('signedOut') };
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

export const actions: Actions = {
  default: async ({ request }) => {
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
      // The session hook ignores sessions of disabled accounts, so this one is inert.
      if (result.user.disabled) {
        return refuse(403, 'This account has been disabled. Ask an administrator.');
      }
    } catch (e) {
      if (e instanceof APIError && (e.statusCode === 401 || e.statusCode === 400)) {
        return refuse(400, MISMATCH);
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
