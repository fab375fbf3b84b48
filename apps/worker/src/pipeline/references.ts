import { createHmac } from 'node:crypto';

/**
 * Post addresses often name their author: Mastodon's `https://host/@user/123` and
 * `https://host/users/user/statuses/123`, Bluesky's `at://did:plc:…/…` and `bsky.app/profile/did…`.
 * Stored as they come, they would put the handle in clear beside its pseudonym. So before storing:
 * - an external id that names the author becomes a keyed hash of itself (stable, so ingest stays
 *   idempotent on it, but not reversible without the pseudonym secret);
 * - a link that names the author is rewritten to a form that does not (Mastodon's
 *   `https://host/web/statuses/123`, which opens the same post), or dropped when no such form exists
 *   (Bluesky). The post can still be found through an approved identity reveal.
 */
export interface References {
  externalId: string;
  url: string | null;
}

function needles(handle: string): RegExp[] {
  const h = handle.trim().toLowerCase().replace(/^@/, '');
  const local = h.split('@')[0] ?? h;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const out = [new RegExp(esc(h))];
  // The local part on its own only where an address puts a user: "/@local", "/users/local", "/local/".
  if (local.length >= 3 && local !== h) {
    out.push(new RegExp(`(^|[/:])@?${esc(local)}(/|$|@)`), new RegExp(`/users/${esc(local)}(/|$)`));
  }
  return out;
}

const MASTODON_STATUS = /^(https?:\/\/[^/]+)\/(?:@[^/]+|users\/[^/]+\/statuses)\/(\d+)(?:[/?#]|$)/i;

export function scrubReferences(
  refs: References,
  platform: string,
  handle: string | null | undefined,
  secret: string,
): References {
  if (!handle) return refs;
  const patterns = needles(handle);
  const names = (s: string) => patterns.some((p) => p.test(s.toLowerCase()));
  let { externalId, url } = refs;
  if (names(externalId)) {
    externalId = `ref:${createHmac('sha256', secret).update(`${platform}\n${externalId}`).digest('hex').slice(0, 40)}`;
  }
  if (url && names(url)) {
    const m = platform === 'mastodon' ? MASTODON_STATUS.exec(url) : null;
    url = m ? `${m[1]}/web/statuses/${m[2]}` : null;
  }
  return { externalId, url };
}
