import { decodeFeedBytes, type DecodedFeed } from './charset.js';
import { detectFormat, rejectNonXml, type FeedFormat } from './detect.js';
import { FeedError, plainMessage } from './feed-error.js';
import { normaliseFeed, type FeedEntry, type FeedMeta } from './normalise.js';
import { inlineXhtml, wrapRawMarkup } from './markup.js';
import { repairXml } from './repair.js';
import { runRssParser, type RawFeed } from './rss-parser-run.js';

export interface ParseFeedOptions {
  /** The HTTP Content-Type header, for its charset. */
  contentType?: string | undefined;
  /** Where the document came from, for resolving relative links. */
  baseUrl?: string | undefined;
  /** Longest one parse may take before it is abandoned. Default 15 s. */
  deadlineMs?: number;
  /** Largest document accepted, after decompression. Default 20 MB. */
  maxBytes?: number;
}

export interface ParsedFeed extends FeedMeta {
  ok: true;
  format: FeedFormat;
  encoding: string;
  entries: FeedEntry[];
  /** What was recovered on the way ("escaped 3 bare ampersands", "closed an unterminated CDATA section"). */
  repairs: string[];
  /** Charset and compression remarks. */
  notes: string[];
}

export interface FeedFailure {
  ok: false;
  error: string;
  /** Known when the bytes could be decoded. */
  encoding?: string;
}

export type FeedParseResult = ParsedFeed | FeedFailure;

const DEFAULT_DEADLINE_MS = 15_000;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** After a strict failure: HTML pasted unescaped is wrapped in CDATA; failing that, a forgiving parse. */
async function recover(
  xml: string,
  strictError: unknown,
  repairs: string[],
  remainingMs: number,
): Promise<RawFeed> {
  const deadlineMs = Math.max(1000, remainingMs);
  const what = plainMessage(strictError).replace(/^.*?recovered: /, '');
  const { text: wrappedXml, wrapped } = wrapRawMarkup(xml);
  if (wrapped > 0) {
    try {
      const raw = await runRssParser(wrappedXml, { strict: true, deadlineMs });
      repairs.push(
        `treated unescaped HTML in ${wrapped} element${wrapped === 1 ? '' : 's'} as text (${what})`,
      );
      return raw;
    } catch (err) {
      if (err instanceof FeedError) throw err;
    }
  }
  try {
    const raw = await runRssParser(xml, { strict: false, deadlineMs });
    repairs.push(`read leniently after a strict XML error: ${what}`);
    return raw;
  } catch (lenientError) {
    throw lenientError instanceof FeedError ? lenientError : strictError;
  }
}

/**
 * The one feed code path: bytes (plus the HTTP header, when fetched) in, normalised entries out.
 * Never throws and never hangs: every failure is a `{ ok: false, error }` in plain words.
 */
export async function parseFeed(
  bytes: Uint8Array | string,
  options: ParseFeedOptions = {},
): Promise<FeedParseResult> {
  let decoded: DecodedFeed | undefined;
  try {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const input = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    if (input.byteLength > maxBytes) {
      throw new FeedError(
        `The document is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, so it was not read`,
      );
    }
    decoded = decodeFeedBytes(input, { contentType: options.contentType, maxInflatedBytes: maxBytes });
    rejectNonXml(decoded.text);
    const { text, repairs } = repairXml(decoded.text);
    const { format } = detectFormat(text);
    const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const started = Date.now();
    const xml = format === 'atom1' || format === 'atom03' ? inlineXhtml(text) : text;
    let raw: RawFeed;
    try {
      raw = await runRssParser(xml, { strict: true, deadlineMs });
    } catch (strictError) {
      if (strictError instanceof FeedError) throw strictError;
      raw = await recover(xml, strictError, repairs, deadlineMs - (Date.now() - started));
    }
    const { meta, entries } = normaliseFeed(raw, format, options.baseUrl);
    return {
      ok: true,
      format,
      encoding: decoded.encoding,
      ...meta,
      entries,
      repairs,
      notes: decoded.compressed ? [`unpacked from ${decoded.compressed}`, ...decoded.notes] : decoded.notes,
    };
  } catch (err) {
    const failure: FeedFailure = { ok: false, error: plainMessage(err) };
    if (decoded) failure.encoding = decoded.encoding;
    return failure;
  }
}
