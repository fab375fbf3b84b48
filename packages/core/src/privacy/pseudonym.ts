import { createHmac } from 'node:crypto';

/**
 * The form of a handle that identifies one account: Unicode-compatibility folded, trimmed,
 * lower-case, one leading '@' dropped ("@Jo@Mastodon.Social" and "jo@mastodon.social" are the same
 * person). Platforms treat handles case-insensitively, so the pseudonym must too.
 */
export function normaliseHandle(handle: string): string {
  return handle.normalize('NFKC').trim().toLowerCase().replace(/^@/, '');
}

/**
 * The author's pseudonym: HMAC-SHA256 (hex) of `platform:handle` under a secret from configuration.
 * Stable, so one author's posts link together, and not reversible without the secret, so the
 * database never holds who they are in clear. The platform is part of the input because the same
 * handle on two platforms need not be the same person.
 */
export function pseudonym(secret: string | Uint8Array, platform: string, handle: string): string {
  if (typeof secret === 'string' ? secret.length === 0 : secret.byteLength === 0) {
    throw new Error('pseudonym secret is empty');
  }
  return createHmac('sha256', secret)
    .update(`${platform.trim().toLowerCase()}:${normaliseHandle(handle)}`, 'utf8')
    .digest('hex');
}
