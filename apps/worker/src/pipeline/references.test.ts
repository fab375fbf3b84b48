import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scrubReferences } from './references.js';

const secret = 'x'.repeat(32);

describe('post references that name their author', () => {
  it('rewrites a Mastodon link and hashes its uri', () => {
    const out = scrubReferences(
      {
        externalId: 'https://social.example/users/kbury_truth/statuses/1099',
        url: 'https://social.example/@kbury_truth/1099',
      },
      'mastodon',
      'kbury_truth@social.example',
      secret,
    );
    expect(out.url).toBe('https://social.example/web/statuses/1099');
    expect(out.externalId).toMatch(/^ref:[0-9a-f]{40}$/);
    expect(JSON.stringify(out)).not.toMatch(/kbury_truth/i);
  });

  it('is stable, so a re-run stores nothing twice', () => {
    const a = scrubReferences(
      { externalId: 'at://did:plc:abc/app.bsky.feed.post/3k', url: null },
      'bluesky',
      'did:plc:abc',
      secret,
    );
    const b = scrubReferences(
      { externalId: 'at://did:plc:abc/app.bsky.feed.post/3k', url: null },
      'bluesky',
      'did:plc:abc',
      secret,
    );
    expect(a.externalId).toBe(b.externalId);
    expect(a.externalId).not.toContain('did:plc:abc');
  });

  it('drops a Bluesky link, which always carries the account', () => {
    const out = scrubReferences(
      { externalId: 'x', url: 'https://bsky.app/profile/did:plc:abc/post/3k' },
      'bluesky',
      'did:plc:abc',
      secret,
    );
    expect(out.url).toBeNull();
  });

  it('leaves references that do not name the author alone', () => {
    const refs = {
      externalId: 'https://news.example/2026/11/pier',
      url: 'https://news.example/2026/11/pier',
    };
    expect(scrubReferences(refs, 'rss', 'Jo Reporter', secret)).toEqual(refs);
  });
});

describe('the string scan that finds a handle in an address', () => {
  // The pattern form the scan replaced (compiled per post, it was the slowest step of capture):
  // kept here as the reference the scan must agree with.
  function namesByPattern(s: string, handle: string): boolean {
    const h = handle.trim().toLowerCase().replace(/^@/, '');
    const local = h.split('@')[0] ?? h;
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const patterns = [new RegExp(esc(h))];
    if (local.length >= 3 && local !== h)
      patterns.push(new RegExp(`(^|[/:])@?${esc(local)}(/|$|@)`), new RegExp(`/users/${esc(local)}(/|$)`));
    return patterns.some((p) => p.test(s.toLowerCase()));
  }
  const named = (s: string, handle: string) =>
    scrubReferences({ externalId: s, url: null }, 'rss', handle, secret).externalId !== s;

  it('agrees with the pattern form on addresses built around the handle', () => {
    const part = fc.constantFrom('/', ':', '@', '/users/', 'x', '.', '', 'https://h.example/', '?q=');
    fc.assert(
      fc.property(
        fc.constantFrom('kbury', 'Kbury@social.example', '@ab@x.y', 'kb.ry', 'did:plc:abc'),
        fc.array(part, { maxLength: 4 }),
        fc.array(part, { maxLength: 4 }),
        fc.boolean(),
        (handle, pre, post, full) => {
          const h = handle.replace(/^@/, '');
          const core = full ? h : (h.split('@')[0] ?? h);
          const s = `${pre.join('')}${core.toUpperCase()}${post.join('')}`;
          expect(named(s, handle)).toBe(namesByPattern(s, handle));
        },
      ),
    );
  });
});
