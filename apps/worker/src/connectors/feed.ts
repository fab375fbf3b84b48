import { FeedError, parseFeed, type FeedEntry, type FeedFormat, type FeedMeta } from '@counterpoint/core';
import { FetchError, type SafeFetcher } from './safe-fetch.js';

/**
 * The feed connector: one conditional GET through safe fetching, then the one feed parser. The
 * collect job calls this per source and stores `etag`/`lastModified` for the next run; any failure
 * is thrown as a FetchError or FeedError whose message is fit to show as the source's last error.
 */
export interface FeedSource {
  /** The feed's address (http or https). */
  url: string;
}

/** What the previous successful fetch of this source left behind. */
export interface FeedState {
  etag?: string | null;
  lastModified?: string | null;
}

export interface FeedDeps {
  fetcher: SafeFetcher;
  /** Longest a single parse may take. Default 15 s. */
  parseDeadlineMs?: number;
}

export interface FeedFetchResult {
  /** Empty when notModified. */
  entries: FeedEntry[];
  etag: string | undefined;
  lastModified: string | undefined;
  /** The server answered 304: nothing new since `state`. */
  notModified: boolean;
  /** Known when the feed was parsed. */
  format?: FeedFormat;
  encoding?: string;
  meta?: FeedMeta;
  /** The address finally answered, after redirects. */
  finalUrl: string;
  /** Lenient repairs made while reading ("escaped 3 bare ampersands"), for source health. */
  repairs: string[];
}

export type FeedConnectorError = FetchError | FeedError;

export async function fetchFeed(
  source: FeedSource,
  state: FeedState,
  deps: FeedDeps,
): Promise<FeedFetchResult> {
  const res = await deps.fetcher.fetch(source.url, {
    etag: state.etag ?? undefined,
    lastModified: state.lastModified ?? undefined,
  });
  if (res.notModified) {
    return {
      entries: [],
      etag: res.etag ?? state.etag ?? undefined,
      lastModified: res.lastModified ?? state.lastModified ?? undefined,
      notModified: true,
      finalUrl: res.url,
      repairs: [],
    };
  }
  const parsed = await parseFeed(res.body, {
    contentType: res.contentType,
    baseUrl: res.url,
    ...(deps.parseDeadlineMs !== undefined ? { deadlineMs: deps.parseDeadlineMs } : {}),
  });
  if (!parsed.ok) throw new FeedError(parsed.error, { url: res.url });
  const { entries, format, encoding, repairs, title, siteUrl, author } = parsed;
  const meta: FeedMeta = {};
  if (title) meta.title = title;
  if (siteUrl) meta.siteUrl = siteUrl;
  if (author) meta.author = author;
  return {
    entries,
    etag: res.etag,
    lastModified: res.lastModified,
    notModified: false,
    format,
    encoding,
    meta,
    finalUrl: res.url,
    repairs,
  };
}

export function isFeedConnectorError(err: unknown): err is FeedConnectorError {
  return err instanceof FetchError || err instanceof FeedError;
}
