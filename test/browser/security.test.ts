import { SYSTEM_ACTOR, createUser, listRecentAudit, unlockUser } from '@counterpoint/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../support/web-server.js';

// Plain HTTP, no browser: these are about what the server answers, not how pages look.
let server: WebServer;

beforeAll(async () => {
  server = await startWebServer();
});

afterAll(async () => {
  await server?.stop();
});

async function signIn(email: string, password: string): Promise<Response> {
  return fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
}

function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='));
  if (!cookie) throw new Error(`No session cookie (status ${res.status})`);
  return cookie.split(';')[0]!;
}

async function home(cookie: string): Promise<Response> {
  return fetch(`${server.url}/`, { redirect: 'manual', headers: { cookie } });
}

async function makeUser(email: string) {
  return createUser(server.db.db, SYSTEM_ACTOR, {
    email,
    name: 'Pat Example',
    role: 'analyst',
    password: 'river lantern autumn pebble',
  });
}

describe('web security', () => {
  it('sends a script policy without unsafe-inline, with a nonce, and the usual protective headers', async () => {
    const res = await fetch(`${server.url}/sign-in`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=_-]+'/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const html = await res.text();
    // Every inline script carries the nonce the policy names.
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs] of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('sets the session cookie HttpOnly and SameSite', async () => {
    await makeUser('cookie.check@example.com');
    const res = await signIn('cookie.check@example.com', 'river lantern autumn pebble');
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('locks an account after five wrong passwords, even against the right one, until unlocked', async () => {
    const user = await makeUser('locked.out@example.com');
    for (let i = 0; i < 4; i++) {
      const res = await signIn('locked.out@example.com', `wrong guess number ${i}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/don(&#39;|')t match/);
    }
    const fifth = await signIn('locked.out@example.com', 'wrong guess number 5');
    expect(fifth.status).toBe(429);
    expect(await fifth.text()).toContain('Too many unsuccessful attempts');
    const right = await signIn('locked.out@example.com', 'river lantern autumn pebble');
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(false);
    const locks = (await listRecentAudit(server.db.db, 50)).filter(
      (a) => a.entityId === user.id && a.action === 'user.locked',
    );
    expect(locks).toHaveLength(1);

    await unlockUser(server.db.db, SYSTEM_ACTOR, user.id);
    expect((await signIn('locked.out@example.com', 'river lantern autumn pebble')).status).toBe(303);
  });

  it('refuses a forged or altered session cookie', async () => {
    await makeUser('forger@example.com');
    const real = sessionCookie(await signIn('forger@example.com', 'river lantern autumn pebble'));
    expect((await home(real)).status).toBe(200);
    const [name, value] = real.split('=') as [string, string];
    const decoded = decodeURIComponent(value);
    const [token, signature] = decoded.split('.') as [string, string];
    // Same token, signature changed by one character; then a token signed with a guessed key.
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    for (const forged of [
      `${token}.${flipped}`,
      `${token}.${'x'.repeat(signature.length)}`,
      'made-up-token',
    ]) {
      const res = await home(`${name}=${encodeURIComponent(forged)}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/sign-in');
    }
  });

  it('signs a person out on every device', async () => {
    await makeUser('two.devices@example.com');
    const laptop = sessionCookie(await signIn('two.devices@example.com', 'river lantern autumn pebble'));
    const phone = sessionCookie(await signIn('two.devices@example.com', 'river lantern autumn pebble'));
    expect((await home(laptop)).status).toBe(200);
    const out = await fetch(`${server.url}/sign-out?/everywhere`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: server.url,
        accept: 'text/html',
        cookie: phone,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/sign-in?signedOut=everywhere');
    expect((await home(laptop)).status).toBe(303);
    expect((await home(phone)).status).toBe(303);
  });
});
