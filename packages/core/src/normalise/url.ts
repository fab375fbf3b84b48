/**
 * URL canonicalisation, so the same page reached through a share button, a newsletter or a
 * search ad is recognised as one address.
 */

// Parameters that only say how someone arrived: analytics campaigns and ad click ids. Matched
// case-insensitively; `utm_` and a few vendors' prefixes cover whole families.
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', '_hs', 'mc_', 'oly_', 'vero_'];
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'mkt_tok',
  'ref_src',
  'ref_url',
  '_ga',
  '_gl',
  'cmpid',
  'ocid',
  'spm',
  'srsltid',
  'wt.mc_id',
  'at_medium',
  'at_campaign',
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/** Parses an absolute http(s) URL, or one relative to `base`; anything else is undefined. */
export function httpUrl(href: string | undefined | null, base?: string): URL | undefined {
  const h = href?.trim();
  if (!h) return undefined;
  let u: URL;
  try {
    u = base ? new URL(h, base) : new URL(h);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (!u.hostname) return undefined;
  return u;
}

/**
 * The canonical form of a web address: http(s) only, scheme and host lower-case (the URL parser
 * does that and drops default ports), no credentials, no fragment, tracking parameters removed and
 * the remaining query sorted by name (stable, so repeated names keep their order). The path keeps
 * its case: many servers treat it as case-sensitive.
 */
export function canonicalUrl(href: string | undefined | null, base?: string): string | undefined {
  const u = httpUrl(href, base);
  if (!u) return undefined;
  u.hash = '';
  u.username = '';
  u.password = '';
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.slice(0, -1);
  const kept = [...u.searchParams].filter(([name]) => !isTracking(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  return u.href;
}

/** An absolute http(s) address for media (query kept: media URLs are often signed), no fragment. */
export function mediaUrl(href: string | undefined | null, base?: string): string | undefined {
  const u = httpUrl(href, base);
  if (!u) return undefined;
  u.hash = '';
  return u.href;
}
