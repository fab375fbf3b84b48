import { building } from '$app/environment';
import { error, redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { isRole } from '@counterpoint/core';
import { svelteKitHandler } from 'better-auth/svelte-kit';
import { getAuth } from '$lib/server/auth.js';
import { cached, forget } from '$lib/server/cache.js';
import { decide, formActionName } from '$lib/server/guard.js';
import { checkFormBody, checkParams, type InputRefusal } from '$lib/server/input-guard.js';

function wantsHtml(event: RequestEvent): boolean {
  return !event.isDataRequest && (event.request.headers.get('accept') ?? '').includes('text/html');
}

/**
 * A refusal. Browsers get the workbench's own refusal page (status 403, same address, with the
 * navigation and a way back); data and enhanced-form requests get SvelteKit's error shape, which
 * the client router shows on the error page.
 */
async function refuse(event: RequestEvent, area: string): Promise<Response> {
  if (!wantsHtml(event)) error(403, `You don't have access to ${area}.`);
  const page = await event.fetch(`/no-access?area=${encodeURIComponent(area)}`);
  const headers = new Headers(page.headers);
  headers.set('cache-control', 'no-store');
  return new Response(page.body, { status: 403, headers });
}

/**
 * Input that can never be stored or never names anything, answered before any load or action runs
 * (input-guard.ts says what and why). A form action posted by `use:enhance` gets an ActionResult:
 * a failure for a bad field, so the page keeps what the person typed and shows the message as
 * `form.message`; an error for an address naming nothing. A plain browser request gets the
 * workbench's own 404 page for a bad address, SvelteKit's error page with the message otherwise.
 */
async function refuseInput(event: RequestEvent, refusal: InputRefusal): Promise<Response> {
  const action = event.request.method === 'POST' && !wantsHtml(event);
  if (action) {
    const body =
      refusal.status === 404
        ? { type: 'error', error: { message: refusal.message } }
        : {
            type: 'failure',
            status: refusal.status,
            data: devalueFlat({
              action: formActionName(event.url),
              code: 'invalid_input',
              message: refusal.message,
            }),
          };
    return new Response(JSON.stringify(body), {
      status: refusal.status === 404 ? 404 : 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  }
  if (refusal.status === 404 && wantsHtml(event)) {
    // No route answers this address, so the app's own "no page at this address" is rendered.
    const page = await event.fetch('/.not-found');
    const headers = new Headers(page.headers);
    headers.set('cache-control', 'no-store');
    return new Response(page.body, { status: 404, headers });
  }
  error(refusal.status, refusal.message);
}

/** A flat object of strings in the devalue form SvelteKit's client reads action data in. */
function devalueFlat(data: Record<string, string>): string {
  const keys = Object.keys(data);
  return JSON.stringify([Object.fromEntries(keys.map((k, i) => [k, i + 1])), ...keys.map((k) => data[k])]);
}

/** Every request that is not for better-auth's own API passes this check first. */
const guarded: Handle = async ({ event, resolve }) => {
  const method = event.request.method;
  const decision = decide({
    routeId: event.route.id,
    formAction: method === 'GET' || method === 'HEAD' ? null : formActionName(event.url),
    role: event.locals.user?.role ?? null,
  });
  switch (decision.kind) {
    case 'allow': {
      // Only once the person may use the page, so a refusal still reads as a refusal.
      const refusal =
        checkParams(event.params) ?? (method === 'GET' ? null : await checkFormBody(event.request));
      return refusal ? refuseInput(event, refusal) : resolve(event);
    }
    case 'sign-in': {
      const back = `${event.url.pathname}${event.url.search}`;
      const to = back === '/' ? '/sign-in' : `/sign-in?redirectTo=${encodeURIComponent(back)}`;
      return redirect(303, to);
    }
    case 'no-rule':
      console.error(`Refused ${method} ${event.url.pathname}: no permission rule for "${decision.key}"`);
      return refuse(event, 'this page');
    case 'forbidden':
      return refuse(event, decision.area);
  }
};

/**
 * The session behind a request, remembered for a few seconds per cookie: every page view looked it
 * up (a query and a signature check) and the workbench asks for several pages a minute. Any
 * request that may change state (signing out, ending sessions, disabling someone) forgets every
 * remembered session first, so a revocation made through this process counts at once; one made
 * through another process counts within SESSION_MEMORY_MS, or at once when both are web processes
 * of one server (scripts/serve-web.mjs passes `forget` on).
 */
const SESSION_MEMORY_MS = 5_000;

function sessionOf<T>(event: RequestEvent, lookUp: () => Promise<T>): Promise<T> {
  const method = event.request.method;
  if (method !== 'GET' && method !== 'HEAD') {
    forget('session:');
    return lookUp();
  }
  const cookie = event.request.headers.get('cookie');
  if (!cookie) return lookUp();
  return cached(`session:${cookie}`, SESSION_MEMORY_MS, lookUp);
}

export const handle: Handle = async ({ event, resolve }) => {
  if (building) return resolve(event);
  const started = performance.now();
  const auth = await getAuth();
  event.locals.user = null;
  event.locals.sessionId = null;
  if (!event.url.pathname.startsWith('/api/auth/')) {
    const found = await sessionOf(event, () => auth.api.getSession({ headers: event.request.headers }));
    const user = found?.user;
    // A session whose user was disabled or lost a valid role since signing in counts for nothing.
    if (found && user && isRole(user.role) && !user.disabled) {
      event.locals.user = { id: user.id, name: user.name, email: user.email, role: user.role };
      event.locals.sessionId = found.session.id;
    }
  }
  const response = await svelteKitHandler({
    event,
    resolve: (e) => guarded({ event: e, resolve }),
    auth,
    building,
  });
  // And once more after the change: a page view served meanwhile (here or in another web process)
  // may have remembered the session the change just ended.
  if (event.request.method !== 'GET' && event.request.method !== 'HEAD') forget('session:');
  return withSecurityHeaders(response, event.url.protocol === 'https:', performance.now() - started);
};

/**
 * Headers every response carries (the Content-Security-Policy itself comes from svelte.config.js,
 * which adds nonces for SvelteKit's own scripts). A response passed through from elsewhere may have
 * immutable headers; then it is copied.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // Not no-referrer: browsers then send "Origin: null" on form posts, which fails the CSRF check.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * `Server-Timing: total;dur=…` is the whole of handle() (session, guard, loads and rendering): the
 * browser's network panel shows it, and `counterpoint bench workbench` reads it as the server time.
 * It reveals only a duration, which the client can time anyway.
 */
function withSecurityHeaders(response: Response, https: boolean, serverMs: number): Response {
  const apply = (headers: Headers) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    if (https) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    headers.append('server-timing', `total;dur=${serverMs.toFixed(1)}`);
  };
  try {
    apply(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    apply(copy.headers);
    return copy;
  }
}
