import { randomBytes } from 'node:crypto';
import { getRequestEvent } from '$app/server';
import { dev } from '$app/environment';
import { newId } from '@counterpoint/core';
import { hashPassword, schema, verifyPassword, type Db } from '@counterpoint/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { database } from './db.js';
import { config } from './env.js';

const TWELVE_HOURS = 60 * 60 * 12;

// better-auth names its four models; each maps to one of our prefixed id kinds.
const ID_KINDS = {
  user: 'user',
  session: 'session',
  account: 'account',
  verification: 'verification',
} as const;

function authSecret(): string {
  const c = config();
  if (c.AUTH_SECRET) return c.AUTH_SECRET;
  // Production mode refuses to start without AUTH_SECRET (parseConfig); in embedded mode the
  // launcher sets one before loading us. Reaching here means a developer's or a test's run.
  console.warn(
    'AUTH_SECRET is not set: using a random secret for this process only. Sessions end when it stops.',
  );
  return randomBytes(32).toString('base64url');
}

function createAuth(db: Db) {
  const c = config();
  // The same ORIGIN adapter-node uses: better-auth answers 404 when its base URL's origin differs
  // from the request's (STACK.md trap 4). `vite dev` has no ORIGIN, so there it follows the request.
  const baseURL = c.ORIGIN ?? (dev ? undefined : c.origin);
  const secure = (baseURL ?? '').startsWith('https:');
  return betterAuth({
    appName: 'Counterpoint',
    baseURL,
    secret: authSecret(),
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: schema.users,
        session: schema.sessions,
        account: schema.accounts,
        verification: schema.verifications,
      },
    }),
    user: {
      // Roles are given by an administrator, never chosen by the person signing in.
      additionalFields: {
        role: { type: 'string', required: true, input: false },
        disabled: { type: 'boolean', required: false, input: false, defaultValue: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      // Administrators create accounts; nobody signs themselves up to a safeguarding tool.
      disableSignUp: true,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(hash, password),
      },
    },
    session: {
      expiresIn: TWELVE_HOURS,
      // Sliding: a session in use is extended at most once an hour, so a working day never
      // ends in a surprise sign-out but an abandoned one lapses.
      updateAge: 60 * 60,
    },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      database: {
        generateId: ({ model }) => {
          const kind = ID_KINDS[model as keyof typeof ID_KINDS];
          if (!kind) throw new Error(`No id kind for better-auth model "${model}"`);
          return newId(kind);
        },
      },
    },
    // Must be the last plugin: it copies cookies set by server-side calls (sign-in in a form
    // action) onto SvelteKit's response.
    plugins: [sveltekitCookies(getRequestEvent)],
  });
}

export type Auth = ReturnType<typeof createAuth>;

let pending: Promise<Auth> | undefined;

/** The process's better-auth instance, created once the database is open. */
export function getAuth(): Promise<Auth> {
  pending ??= database().then(createAuth);
  return pending;
}
