import type { RawItem } from '@counterpoint/core/normalise/index';
import { FetchError, type FetchResponse, type SafeFetcher } from './safe-fetch.js';
import {
  MastodonError,
  nextAndPrev,
  parseRateLimit,
  parseStatuses,
  refusedRateLimit,
  waitFor,
  type MastodonStatus,
  type RateLimit,
} from './mastodon-api.js';

/**
 * The Mastodon API connector: a public hashtag or account timeline, read through safe fetching.
 *
 * Paging. The source's cursor is the newest status id already collected (a since_id). A first run
 * (no cursor) takes the newest pages, walking `rel="next"` (older) up to a small cap: what came
 * before the source existed is history, not news. Every later run walks FORWARD from the cursor
 * with `min_id` and `rel="prev"` (newer), oldest first, so a run stopped by the page cap or a rate
 * limit leaves no gap: the next run carries on from the newest status it did collect. (A plain
 * `since_id` request answers the newest page only, and anything between it and the cursor would
 * be skipped when more than a page arrived between runs.)
 *
 * Rate limits. Every answer's X-RateLimit-Remaining/Reset is read. When the budget is spent (or
 * the instance answers 429), the run waits for the reset once if that is soon, otherwise stops and
 * returns what it has with `rateLimitedUntil`, for the caller to reschedule: never a busy loop.
 */
export type MastodonTimeline =
  { kind: 'hashtag'; hashtag: string } | { kind: 'account'; acct: string; accountId?: string | undefined };

export interface MastodonSource {
  /** The instance's address, e.g. https://mastodon.social. */
  instanceUrl: string;
  timeline: MastodonTimeline;
  /** Some instances only serve timelines to signed-in apps. */
  accessToken?: string | undefined;
}

export interface MastodonState {
  /** The newest status id already collected (the source's cursor). */
  sinceId?: string | null;
}

export interface MastodonDeps {
  fetcher: SafeFetcher;
  /** Statuses per request (Mastodon allows at most 40). */
  pageLimit?: number;
  /** Pages a first run takes (newest first). Default 3. */
  firstRunPages?: number;
  /** Pages a later run takes before it stops and leaves the rest for next time. Default 10. */
  maxPages?: number;
  /** Longest wait for a rate-limit reset within a run; longer ones end the run. Default 60 s. */
  maxRateLimitWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export interface MastodonResult {
  items: RawItem[];
  /** The cursor to store: the newest status id seen (or the old one when nothing was new). */
  cursor: string | null;
  pages: number;
  skipped: { notPublic: number; reblogs: number };
  /** Everything up to now was read; false when the page cap or a rate limit stopped the run. */
  complete: boolean;
  /** Set when the run stopped on a rate limit: reschedule no earlier than this. */
  rateLimitedUntil: Date | null;
  rateLimit: RateLimit | null;
  /** The resolved account id (account timelines), worth keeping in the source's config. */
  accountId?: string;
  /** One line for source health. */
  status: string;
}

const DEFAULTS = { pageLimit: 40, firstRunPages: 3, maxPages: 10, maxRateLimitWaitMs: 60_000 };

/** Rejects status ids that could not be one: the cursor is echoed into a URL. */
const STATUS_ID = /^[0-9A-Za-z_-]{1,64}$/;

export async function collectMastodon(
  source: MastodonSource,
  state: MastodonState,
  deps: MastodonDeps,
): Promise<MastodonResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? waitFor;
  const limit = Math.min(40, Math.max(1, deps.pageLimit ?? DEFAULTS.pageLimit));
  const maxWait = deps.maxRateLimitWaitMs ?? DEFAULTS.maxRateLimitWaitMs;
  const instance = instanceOrigin(source.instanceUrl);
  const host = instance.host;
  const sinceId = state.sinceId && STATUS_ID.test(state.sinceId) ? state.sinceId : null;
  let rateLimit: RateLimit | null = null;
  let rateLimitedUntil: Date | null = null;

  /** One GET; waits out a short rate limit once, and answers null when a long one stops the run. */
  const get = async (url: URL, what: string): Promise<FetchResponse | null> => {
    let waited = false;
    for (;;) {
      if (rateLimit && rateLimit.remaining <= 0) {
        const ms = rateLimit.resetAt.getTime() - now();
        if (ms > 0) {
          if (waited || ms > maxWait) {
            rateLimitedUntil = rateLimit.resetAt;
            return null;
          }
          // One timer until the reset, never a polling loop.
          await sleep(ms, deps.signal);
          waited = true;
        }
        rateLimit = null;
      }
      try {
        const res = await deps.fetcher.fetch(url.href, {
          accept: 'application/json',
          authorization: source.accessToken ? `Bearer ${source.accessToken}` : undefined,
        });
        rateLimit = parseRateLimit(res.headers, now()) ?? rateLimit;
        return res;
      } catch (err) {
        if (err instanceof FetchError && err.status === 429) {
          rateLimit = refusedRateLimit(err.headers ?? {}, err.retryAfter, now());
          if (waited) {
            rateLimitedUntil = rateLimit.resetAt;
            return null;
          }
          continue;
        }
        throw explain(err, source, what, instance);
      }
    }
  };

  let accountId: string | undefined;
  let path: string;
  if (source.timeline.kind === 'hashtag') {
    const tag = source.timeline.hashtag.trim().replace(/^#/, '');
    if (!tag) throw new MastodonError('bad_source', 'The source has no hashtag to follow');
    path = `/api/v1/timelines/tag/${encodeURIComponent(tag)}`;
  } else {
    accountId = source.timeline.accountId ?? (await lookupAccount(source.timeline.acct, instance, get));
    if (accountId === undefined) {
      return stopped([], sinceId, 0, { notPublic: 0, reblogs: 0 });
    }
    path = `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses`;
  }

  const first = new URL(path, instance);
  first.searchParams.set('limit', String(limit));
  if (source.timeline.kind === 'account') first.searchParams.set('exclude_reblogs', 'true');
  if (sinceId) first.searchParams.set('min_id', sinceId);
  const pageCap = sinceId
    ? (deps.maxPages ?? DEFAULTS.maxPages)
    : (deps.firstRunPages ?? DEFAULTS.firstRunPages);

  const items: RawItem[] = [];
  const skipped = { notPublic: 0, reblogs: 0 };
  let newest = sinceId;
  let pages = 0;
  let complete = false;
  let next: URL | null = first;
  while (next && pages < pageCap) {
    deps.signal?.throwIfAborted();
    const res = await get(next, 'timeline');
    if (!res) break;
    pages++;
    const statuses = parseStatuses(res.body, instance);
    for (const s of statuses) {
      if (newest === null || compareIds(s.id, newest) > 0) newest = s.id;
      if (s.visibility !== 'public') skipped.notPublic++;
      else if (s.reblog) skipped.reblogs++;
      else items.push(toRawItem(s, host));
    }
    const links = nextAndPrev(res.headers.link, instance);
    // Forward from the cursor: newer pages are rel="prev". A first run walks back: rel="next".
    next = sinceId ? links.prev : links.next;
    if (statuses.length < limit || !next) {
      complete = true;
      break;
    }
  }
  // A first run that filled its pages is complete by design: older history is not wanted.
  if (!sinceId && !rateLimitedUntil) complete = true;
  return stopped(items, newest, pages, skipped, complete);

  function stopped(
    found: RawItem[],
    cursor: string | null,
    n: number,
    skip: MastodonResult['skipped'],
    done = false,
  ): MastodonResult {
    const until = rateLimitedUntil;
    const parts = [
      `${found.length} public status${found.length === 1 ? '' : 'es'} in ${n} page${n === 1 ? '' : 's'}`,
    ];
    if (skip.notPublic) parts.push(`${skip.notPublic} not public, skipped`);
    if (skip.reblogs) parts.push(`${skip.reblogs} boosts skipped`);
    if (until) parts.push(`rate limited by the instance until ${until.toISOString()}`);
    else if (!done) parts.push('more remain for the next run');
    return {
      items: found,
      cursor,
      pages: n,
      skipped: skip,
      complete: done && !until,
      rateLimitedUntil: until,
      rateLimit,
      ...(accountId !== undefined ? { accountId } : {}),
      status: parts.join('; '),
    };
  }
}

async function lookupAccount(
  acct: string,
  instance: URL,
  get: (url: URL, what: string) => Promise<FetchResponse | null>,
): Promise<string | undefined> {
  const name = acct.trim().replace(/^@/, '');
  if (!name) throw new MastodonError('bad_source', 'The source has no account to follow');
  const url = new URL('/api/v1/accounts/lookup', instance);
  url.searchParams.set('acct', name);
  const res = await get(url, 'account');
  if (!res) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new MastodonError(
      'bad_response',
      `${instance.host} answered the account lookup with malformed JSON`,
    );
  }
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !STATUS_ID.test(id)) {
    throw new MastodonError(
      'bad_response',
      `${instance.host} answered the account lookup without an account id`,
    );
  }
  return id;
}

/** Mastodon ids are numeric strings longer than 2^53: compare by length, then as text. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function instanceOrigin(raw: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new MastodonError('bad_source', `"${raw}" is not a valid instance address`);
  }
  return new URL(url.origin);
}

/** A status as a raw item. The author handle is always user@instance, so pseudonyms are stable. */
export function toRawItem(s: MastodonStatus, instanceHost: string): RawItem {
  const acct = s.account.acct.includes('@') ? s.account.acct : `${s.account.acct}@${instanceHost}`;
  const media = s.media_attachments
    .map((m) => m.url ?? m.remote_url ?? null)
    .filter((u): u is string => typeof u === 'string' && u.length > 0);
  return {
    platform: 'mastodon',
    externalId: s.uri,
    url: s.url ?? s.uri,
    // A content warning is what the author put in front of the post: keep it, as its title.
    title: s.spoiler_text ? s.spoiler_text : null,
    html: s.content,
    language: s.language ?? null,
    publishedAt: s.created_at,
    author: {
      handle: acct.toLowerCase(),
      displayName: s.account.display_name || null,
      profileUrl: s.account.url ?? null,
    },
    mediaUrls: media,
    engagement: {
      replies: s.replies_count ?? null,
      reblogs: s.reblogs_count ?? null,
      favourites: s.favourites_count ?? null,
    },
  };
}

function explain(err: unknown, source: MastodonSource, what: string, instance: URL): unknown {
  if (!(err instanceof FetchError) || err.kind !== 'http_status') return err;
  const host = instance.host;
  const status = err.status ?? 0;
  if (status === 404) {
    if (what === 'account' && source.timeline.kind === 'account')
      return new MastodonError(
        'not_found',
        `There is no account @${source.timeline.acct.replace(/^@/, '')} on ${host} (404)`,
      );
    if (source.timeline.kind === 'hashtag')
      return new MastodonError(
        'not_found',
        `${host} has no timeline for #${source.timeline.hashtag.replace(/^#/, '')} (404)`,
      );
    return new MastodonError('not_found', `${host} no longer has this account (404)`);
  }
  if (status === 401)
    return new MastodonError(
      'unauthorised',
      `${host} refused the request (401): it needs an access token, or the one given is no longer valid`,
    );
  if (status === 403)
    return new MastodonError('forbidden', `${host} does not allow this timeline to be read (403)`);
  if (status === 410) return new MastodonError('not_found', `${host} says this account is gone (410)`);
  if (status >= 500) return new MastodonError('unavailable', `${host} is having trouble (${err.message})`);
  return err;
}

export { MastodonError };
