import { z } from 'zod';

/**
 * The parts of Mastodon's REST API the connector reads: status JSON, Link headers and rate-limit
 * headers. Instances differ (versions, forks such as Pleroma and GoToSocial that copy the API), so
 * parsing is lenient about what it does not use and strict about what it does.
 */
export type MastodonErrorKind =
  'bad_source' | 'not_found' | 'unauthorised' | 'forbidden' | 'unavailable' | 'bad_response';

export class MastodonError extends Error {
  readonly kind: MastodonErrorKind;
  constructor(kind: MastodonErrorKind, message: string) {
    super(message);
    this.name = 'MastodonError';
    this.kind = kind;
  }
}

const count = z.number().int().nonnegative().nullish().catch(null);

const statusSchema = z.object({
  id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  created_at: z.string(),
  uri: z.string().min(1),
  url: z.string().nullish(),
  content: z.string().catch(''),
  spoiler_text: z.string().nullish().catch(null),
  language: z.string().nullish().catch(null),
  visibility: z.string(),
  reblog: z.unknown().optional(),
  replies_count: count,
  reblogs_count: count,
  favourites_count: count,
  account: z.object({
    acct: z.string().min(1),
    display_name: z.string().nullish().catch(null),
    url: z.string().nullish().catch(null),
  }),
  media_attachments: z
    .array(
      z.object({
        url: z.string().nullish().catch(null),
        remote_url: z.string().nullish().catch(null),
      }),
    )
    .catch([]),
});

export type MastodonStatus = z.output<typeof statusSchema>;

/** Parses a timeline page. A malformed status is dropped; a page that is not a list is an error. */
export function parseStatuses(body: Buffer, instance: URL): MastodonStatus[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MastodonError(
      'bad_response',
      `${instance.host} answered with malformed JSON instead of a list of statuses`,
    );
  }
  if (!Array.isArray(json)) {
    const said = (json as { error?: unknown } | null)?.error;
    throw new MastodonError(
      'bad_response',
      `${instance.host} did not answer with a list of statuses${typeof said === 'string' ? ` ("${said.slice(0, 200)}")` : ''}`,
    );
  }
  const out: MastodonStatus[] = [];
  for (const entry of json) {
    const parsed = statusSchema.safeParse(entry);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/**
 * `rel="next"` and `rel="prev"` from a Link header. Only links on the instance's own origin are
 * followed: a page must not steer the connector to another host.
 */
export function nextAndPrev(
  header: string | undefined,
  instance: URL,
): { next: URL | null; prev: URL | null } {
  const out: { next: URL | null; prev: URL | null } = { next: null, prev: null };
  if (!header) return out;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^,;]+)*)/g)) {
    const rel =
      /;\s*rel\s*=\s*"?([^";,]+)"?/i
        .exec(m[2] ?? '')?.[1]
        ?.toLowerCase()
        .split(/\s+/) ?? [];
    let url: URL;
    try {
      url = new URL(m[1] ?? '', instance);
    } catch {
      continue;
    }
    if (url.origin !== instance.origin) continue;
    if (rel.includes('next')) out.next = url;
    if (rel.includes('prev') || rel.includes('previous')) out.prev = url;
  }
  return out;
}

export interface RateLimit {
  limit: number | null;
  remaining: number;
  resetAt: Date;
}

/** A reset time as Mastodon sends it (ISO 8601), or as epoch seconds or seconds-from-now. */
function resetTime(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    // Small numbers are a delay in seconds; large ones epoch seconds or milliseconds.
    if (n < 1e9) return nowMs + n * 1000;
    return n < 1e11 ? n * 1000 : n;
  }
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** The X-RateLimit-* headers of an answer, or null when the instance sends none. */
export function parseRateLimit(headers: Record<string, string>, nowMs: number): RateLimit | null {
  const remaining = Number(headers['x-ratelimit-remaining']);
  if (headers['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return null;
  const limit = Number(headers['x-ratelimit-limit']);
  const reset = resetTime(headers['x-ratelimit-reset'], nowMs);
  return {
    limit: Number.isFinite(limit) ? limit : null,
    remaining: Math.max(0, Math.floor(remaining)),
    // Without a reset time, assume Mastodon's five-minute window.
    resetAt: new Date(reset ?? nowMs + 5 * 60_000),
  };
}

/**
 * What a 429 says about when to come back: X-RateLimit-Reset, else Retry-After, else a minute. At
 * least a second ahead, so a reset already in the past cannot cause an immediate retry loop.
 */
export function refusedRateLimit(
  headers: Record<string, string>,
  retryAfter: string | undefined,
  nowMs: number,
): RateLimit {
  const parsed = parseRateLimit(headers, nowMs);
  const reset =
    resetTime(headers['x-ratelimit-reset'], nowMs) ?? resetTime(retryAfter, nowMs) ?? nowMs + 60_000;
  return { limit: parsed?.limit ?? null, remaining: 0, resetAt: new Date(Math.max(reset, nowMs + 1000)) };
}

/** Waits `ms`, or rejects as soon as `signal` aborts (a stopping worker must not sit out a reset). */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
