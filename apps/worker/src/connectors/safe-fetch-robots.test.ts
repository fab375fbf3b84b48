import { describe, expect, it } from 'vitest';
import { parseRobots, RobotsCache } from './safe-fetch-robots.js';

describe('parseRobots', () => {
  const text = `# example
User-agent: *
Disallow: /private
Allow: /private/open
Disallow: /*.pdf$

User-agent: BadBot
Disallow: /

User-agent: Counterpoint
User-agent: OtherBot
Disallow: /no-counterpoint
`;

  it('uses the group naming our product token when there is one', () => {
    const r = parseRobots(text, 'counterpoint');
    expect(r.allows('/private/feed.xml')).toBe(true);
    expect(r.allows('/no-counterpoint/feed')).toBe(false);
  });

  it('falls back to *, longest match wins, Allow wins ties, * and $ patterns', () => {
    const r = parseRobots(text, 'someone-else');
    expect(r.allows('/private/feed.xml')).toBe(false);
    expect(r.allows('/private/open/feed.xml')).toBe(true);
    expect(r.allows('/docs/a.pdf')).toBe(false);
    expect(r.allows('/docs/a.pdf?x=1')).toBe(true);
    expect(r.allows('/feed.xml')).toBe(true);
    expect(r.allows('/robots.txt')).toBe(true);
  });

  it('treats an empty Disallow as allow-all and no groups as no rules', () => {
    expect(parseRobots('User-agent: *\nDisallow:\n', 'counterpoint').allows('/x')).toBe(true);
    expect(parseRobots('', 'counterpoint').allows('/x')).toBe(true);
    expect(parseRobots('User-agent: *\nDisallow: /\n', 'counterpoint').allows('/feed')).toBe(false);
  });
});

describe('RobotsCache', () => {
  it('fetches once per origin, allows on 4xx, refuses on 5xx or failure', async () => {
    let calls = 0;
    const bodies: Record<string, { status: number; body: string }> = {
      'http://a.test': { status: 200, body: 'User-agent: *\nDisallow: /x\n' },
      'http://b.test': { status: 404, body: '' },
      'http://c.test': { status: 503, body: '' },
    };
    const cache = new RobotsCache((origin) => {
      calls++;
      const r = bodies[origin];
      return r
        ? Promise.resolve(r)
        : Promise.reject(new Error('The server at d.test refused the connection'));
    }, 'counterpoint');
    expect(await cache.check(new URL('http://a.test/x/feed'))).toMatch(
      /robots\.txt on a\.test asks automated readers not to fetch \/x\/feed/,
    );
    expect(await cache.check(new URL('http://a.test/y'))).toBeUndefined();
    expect(await cache.check(new URL('http://b.test/anything'))).toBeUndefined();
    expect(await cache.check(new URL('http://c.test/feed'))).toMatch(
      /could not be read \(the server answered 503\)/,
    );
    expect(await cache.check(new URL('http://d.test/feed'))).toMatch(
      /could not be read \(The server at d\.test refused the connection\)/,
    );
    expect(calls).toBe(4);
  });
});
