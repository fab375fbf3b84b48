/**
 * Where requests go: a started server (`url`), or the app in this process, which also answers
 * through its own `fetch` (web-inprocess.ts).
 */
export interface Target {
  url: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

const send = (target: Target, path: string, init: RequestInit) =>
  target.fetch ? target.fetch(path, init) : fetch(`${target.url}${path}`, init);

/**
 * Plain-HTTP helpers for tests about what the server answers (permissions, hostile input), where a
 * browser would only slow things down.
 */

/** Signs in through the real form and returns the session cookie (`name=value`). */
export async function signInCookie(server: Target, email: string, password: string): Promise<string> {
  const res = await send(server, '/sign-in', {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='));
  if (res.status !== 303 || !cookie) throw new Error(`Sign-in as ${email} failed with ${res.status}`);
  return cookie.split(';')[0]!;
}

/** A SvelteKit route id as a URL: groups dropped, parameters given a sample value. */
export function sampleUrl(routeId: string, sample = 'sample-id'): string {
  const path = routeId
    .split('/')
    .filter((segment) => !/^\(.+\)$/.test(segment))
    .map((segment) => segment.replace(/\[\[?(?:\.\.\.)?[^\]]+\]\]?/g, sample))
    .join('/');
  return path || '/';
}

/** The URL a form action posts to: `/path?/name`, or the bare path for a default action. */
export function actionUrl(key: string, sample?: string): string {
  const [routeId, name] = key.split('?/') as [string, string];
  const path = sampleUrl(routeId, sample);
  return name === 'default' ? path : `${path}?/${name}`;
}

export interface ActionAnswer {
  status: number;
  /** SvelteKit's ActionResult when the answer was one: success, failure, redirect or error. */
  result: { type: string; status?: number; data?: string; error?: { message?: string } } | null;
  text: string;
}

/**
 * Posts a form action the way `use:enhance` does (JSON answer, no page render), so each call
 * costs only the action itself.
 */
export async function postAction(
  server: Target,
  url: string,
  cookie: string | null,
  form: URLSearchParams | FormData = new URLSearchParams(),
): Promise<ActionAnswer> {
  const res = await send(server, url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: server.url,
      accept: 'application/json',
      'x-sveltekit-action': 'true',
      ...(cookie ? { cookie } : {}),
    },
    body: form,
  });
  const text = await res.text();
  let result: ActionAnswer['result'] = null;
  try {
    const parsed = JSON.parse(text) as ActionAnswer['result'];
    if (parsed && typeof parsed === 'object' && 'type' in parsed) result = parsed;
  } catch {
    // not JSON: a redirect or an error page
  }
  return { status: res.status, result, text };
}
