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

/** Position `i` is the end of `s` or holds one of the characters of `after`. */
function endsAt(s: string, i: number, after: string): boolean {
  return i >= s.length || after.includes(s[i]!);
}

/**
 * Whether an address names the handle: the whole handle anywhere, or its local part where an
 * address puts a user ("/@local", ":local", "/local/", "/users/local/"…). Plain string scans rather
 * than regular expressions built per handle: every stored post passes here, and compiling three
 * patterns per post cost more than the rest of normalisation (seen in `bench pipeline`).
 */
function namer(handle: string): (s: string) => boolean {
  const h = handle.trim().toLowerCase().replace(/^@/, '');
  const local = h.split('@')[0] ?? h;
  const checkLocal = local.length >= 3 && local !== h;
  return (raw) => {
    const s = raw.toLowerCase();
    if (s.includes(h)) return true;
    if (!checkLocal) return false;
    for (let i = s.indexOf(local); i >= 0; i = s.indexOf(local, i + 1)) {
      const end = i + local.length;
      if (!endsAt(s, end, '/@')) continue;
      const before = i === 0 ? '' : s[i - 1]!;
      if (i === 0 || before === '/' || before === ':') return true;
      if (before === '@' && (i === 1 || s[i - 2] === '/' || s[i - 2] === ':')) return true;
    }
    return false;
  };
}

const MASTODON_STATUS = /^(https?:\/\/[^/]+)\/(?:@[^/]+|users\/[^/]+\/statuses)\/(\d+)(?:[/?#]|$)/i;

export function scrubReferences(
  refs: References,
  platform: string,
  handle: string | null | undefined,
  secret: string,
): References {
  if (!handle) return refs;
  const names = namer(handle);
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
