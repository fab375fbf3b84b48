import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/errors.js';
import { decryptIdentity, encryptIdentity, parseIdentityKey, pseudonym } from './index.js';

const SECRET = 'a-pseudonym-secret-of-at-least-32-characters';

describe('pseudonym', () => {
  it('is a stable HMAC-SHA256 hex, case-insensitive on the handle', () => {
    const p = pseudonym(SECRET, 'mastodon', '@Jo@Mastodon.Social');
    expect(p).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonym(SECRET, 'mastodon', 'jo@mastodon.social')).toBe(p);
    expect(pseudonym(SECRET, 'Mastodon', ' JO@MASTODON.SOCIAL ')).toBe(p);
  });

  it('depends on the secret and the platform, and does not contain the handle', () => {
    const p = pseudonym(SECRET, 'bluesky', 'jo.bsky.social');
    expect(pseudonym(`${SECRET}x`, 'bluesky', 'jo.bsky.social')).not.toBe(p);
    expect(pseudonym(SECRET, 'mastodon', 'jo.bsky.social')).not.toBe(p);
    expect(p).not.toContain('jo');
  });

  it('refuses an empty secret', () => {
    expect(() => pseudonym('', 'rss', 'x')).toThrow();
  });
});

describe('identity encryption', () => {
  const key = new Uint8Array(randomBytes(32));
  const identity = {
    handle: '@jo@example.social',
    displayName: 'Jo Bloggs',
    profileUrl: 'https://example.social/@jo',
  };

  it('round-trips with a random IV, and the ciphertext holds nothing in clear', () => {
    const a = encryptIdentity({ key, version: 3 }, identity, 'p1');
    const b = encryptIdentity({ key, version: 3 }, identity, 'p1');
    expect(a.iv).not.toBe(b.iv);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a.keyVersion).toBe(3);
    // Nothing of the identity in clear, in the JSON or in the raw ciphertext bytes. (Checking the
    // base64 text for a two-letter fragment failed by chance now and then.)
    expect(JSON.stringify(a)).not.toContain('example.social');
    expect(JSON.stringify(a)).not.toContain('Bloggs');
    expect(Buffer.from(a.ciphertext, 'base64').includes(Buffer.from('Bloggs'))).toBe(false);
    expect(decryptIdentity({ key, version: 3 }, a, 'p1')).toEqual(identity);
    expect(decryptIdentity(new Map([[3, key]]), b, 'p1')).toEqual(identity);
  });

  it('detects tampering, a wrong key, and a ciphertext moved to another pseudonym', () => {
    const sealed = encryptIdentity(key, identity, 'p1');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    const tampered = { ...sealed, ciphertext: bytes.toString('base64') };
    expect(() => decryptIdentity(key, tampered, 'p1')).toThrow(DomainError);
    expect(() => decryptIdentity(key, { ...sealed, tag: Buffer.alloc(16).toString('base64') }, 'p1')).toThrow(
      /could not be decrypted/,
    );
    expect(() => decryptIdentity(new Uint8Array(randomBytes(32)), sealed, 'p1')).toThrow(
      /could not be decrypted/,
    );
    expect(() => decryptIdentity(key, sealed, 'p2')).toThrow(/could not be decrypted/);
    expect(() => decryptIdentity(new Map([[9, key]]), sealed, 'p1')).toThrow(/version 1/);
  });

  it('parses the configured base64 key and refuses other lengths', () => {
    const b64 = Buffer.from(key).toString('base64');
    expect(Buffer.from(parseIdentityKey(b64))).toEqual(Buffer.from(key));
    expect(() => parseIdentityKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
