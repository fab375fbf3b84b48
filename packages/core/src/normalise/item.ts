import { createHash } from 'node:crypto';
import { z } from 'zod';
import { htmlToPlainText, tidyText } from './html.js';
import { detectItemLanguage } from './language.js';
import { canonicalUrl, mediaUrl } from './url.js';

/**
 * Items as connectors hand them over, before anything is trusted. Pushed items arrive as JSON, so
 * the schema is also the push API's validation: nulls are accepted where a field is optional.
 */
const optionalText = (max: number) => z.string().max(max).nullish();
const countSchema = z.number().finite();

export const rawAuthorSchema = z.object({
  handle: optionalText(512),
  displayName: optionalText(512),
  profileUrl: optionalText(2048),
});

export const rawItemSchema = z.object({
  platform: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'must be a short name such as rss, mastodon or bluesky'),
  externalId: optionalText(2048),
  url: optionalText(8192),
  title: optionalText(10_000),
  /** HTML body; converted to plain text. */
  html: optionalText(2_000_000),
  /** Plain-text body; used when there is no HTML. */
  text: optionalText(1_000_000),
  /** The platform's own language tag (BCP 47), a hint only. */
  language: optionalText(35),
  publishedAt: z.union([z.string().max(64), z.number().finite(), z.date()]).nullish(),
  author: rawAuthorSchema.nullish(),
  mediaUrls: z.array(z.string().max(8192)).max(100).nullish(),
  engagement: z.record(z.string().max(64), countSchema.nullable()).nullish(),
});

export type RawItem = z.input<typeof rawItemSchema>;

export interface ItemAuthor {
  handle: string;
  displayName?: string;
  profileUrl?: string;
}

/** An item in the form every later stage relies on. The author is still in clear here. */
export interface NormalisedItem {
  platform: string;
  externalId: string;
  url: string | null;
  title: string | null;
  text: string;
  /** ISO 639-1, or 'und'; null when detection was deferred (`deferLanguage`). */
  language: string | null;
  /** With `deferLanguage`: the platform's own tag, for `detectItemLanguage` later. */
  languageHint?: string | null;
  publishedAt: Date | null;
  mediaUrls: string[];
  engagement: Record<string, number> | null;
  author: ItemAuthor | null;
}

export interface NormaliseContext {
  /** Resolves relative addresses (a feed's address, an instance's origin). */
  baseUrl?: string;
  /** "Now" for rejecting publication times in the future; defaults to the clock. */
  now?: Date;
  /**
   * Leave `language` null, to be detected later only for the items that need it (those that may
   * become signals): detection is a quarter of capture's CPU and the language is only ever read
   * for signals (queue filter, fairness, detail, exports).
   */
  deferLanguage?: boolean;
  /** Longest plain text kept (characters); longer text is cut at a word boundary. */
  maxTextLength?: number;
}

export type NormaliseResult =
  { ok: true; item: NormalisedItem } | { ok: false; externalId: string | null; reason: string };

const MAX_TITLE = 1000;
const MAX_MEDIA = 20;
const MAX_EXTERNAL_ID = 512;
const ENGAGEMENT_KEY = /^[a-z][a-z0-9_]{0,31}$/;
// Earlier than this is a parsing accident (epoch zero, a two-digit year), not a post.
const EARLIEST = Date.UTC(1990, 0, 1);
// Clocks drift and time zones get lost; a day ahead is tolerated, beyond that the time is unknown.
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

function looksLikeHtml(s: string): boolean {
  return /<\/?[a-z][^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i.test(s);
}

function plainTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  const t = (looksLikeHtml(title) ? htmlToPlainText(title).text : tidyText(title)).replace(/\s*\n\s*/g, ' ');
  return t ? truncate(t, MAX_TITLE) : null;
}

function publishedDate(value: string | number | Date | null | undefined, now: Date): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? // Seconds or milliseconds since the epoch: anything below 10^11 is seconds (before 1973 in ms).
          value < 1e11
          ? value * 1000
          : value
        : Date.parse(value);
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > now.getTime() + FUTURE_SLACK_MS) return null;
  return new Date(ms);
}

function engagementCounts(
  raw: Record<string, number | null> | null | undefined,
): Record<string, number> | null {
  if (!raw) return null;
  const out: Record<string, number> = {};
  let n = 0;
  for (const [key, value] of Object.entries(raw)) {
    const k = key.trim().toLowerCase();
    if (value === null || !ENGAGEMENT_KEY.test(k) || value < 0 || n >= 16) continue;
    out[k] = Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER);
    n++;
  }
  return n > 0 ? out : null;
}

function contentId(platform: string, parts: Array<string | null>): string {
  const h = createHash('sha256').update(platform);
  for (const p of parts) h.update('\u0000').update(p ?? '');
  return `sha256:${h.digest('hex').slice(0, 40)}`;
}

function author(raw: z.output<typeof rawAuthorSchema> | null | undefined, base?: string): ItemAuthor | null {
  if (!raw) return null;
  const profileUrl = canonicalUrl(raw.profileUrl, base);
  const displayName = raw.displayName ? tidyText(raw.displayName).replace(/\s+/g, ' ') : '';
  // Without a handle the profile address, or at worst the byline, is what identifies the author.
  const handle = raw.handle?.trim() || profileUrl || displayName;
  if (!handle) return null;
  const a: ItemAuthor = { handle };
  if (displayName) a.displayName = truncate(displayName, 256);
  if (profileUrl) a.profileUrl = profileUrl;
  return a;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'item'}: ${i.message}`)
    .join('; ');
}

/**
 * Normalises one collected item, or says in plain words why it was rejected: the shape is invalid,
 * or it has neither text nor a title.
 */
export function normaliseItem(input: unknown, ctx: NormaliseContext = {}): NormaliseResult {
  const parsed = rawItemSchema.safeParse(input);
  if (!parsed.success) {
    const id = (input as { externalId?: unknown } | null)?.externalId;
    return {
      ok: false,
      externalId: typeof id === 'string' ? id : null,
      reason: `invalid item (${describeIssues(parsed.error)})`,
    };
  }
  const raw = parsed.data;
  const now = ctx.now ?? new Date();
  const url = canonicalUrl(raw.url, ctx.baseUrl) ?? null;
  const pageBase = url ?? ctx.baseUrl;
  const title = plainTitle(raw.title);
  const images: string[] = [];
  let text = '';
  if (raw.html?.trim()) {
    const converted = htmlToPlainText(raw.html);
    text = converted.text;
    images.push(...converted.images);
  }
  if (!text && raw.text) text = tidyText(raw.text);
  text = truncate(text, ctx.maxTextLength ?? 100_000);
  const givenId = raw.externalId?.trim() || null;
  if (!text && !title) {
    return { ok: false, externalId: givenId, reason: 'the item has no text and no title' };
  }
  const publishedAt = publishedDate(raw.publishedAt, now);
  let externalId =
    givenId ?? url ?? contentId(raw.platform, [title, text, publishedAt?.toISOString() ?? null]);
  // Ids are compared, indexed and shown, never parsed: an over-long one is replaced by its digest.
  if (externalId.length > MAX_EXTERNAL_ID) externalId = contentId(raw.platform, [externalId]);

  const media: string[] = [];
  for (const m of [...(raw.mediaUrls ?? []), ...images]) {
    const abs = mediaUrl(m, pageBase);
    if (abs && !media.includes(abs)) media.push(abs);
    if (media.length >= MAX_MEDIA) break;
  }
  return {
    ok: true,
    item: {
      platform: raw.platform,
      externalId,
      url,
      title,
      text,
      ...(ctx.deferLanguage
        ? { language: null, languageHint: raw.language ?? null }
        : { language: detectItemLanguage({ title, text }, raw.language) }),
      publishedAt,
      mediaUrls: media,
      engagement: engagementCounts(raw.engagement),
      author: author(raw.author, pageBase),
    },
  };
}

export interface Rejected {
  index: number;
  externalId: string | null;
  reason: string;
}

/**
 * Normalises a batch. Rejections are reported per item and never sink the batch; a second item
 * with an external id already seen in the batch is dropped as a repeat (the first one wins).
 */
export function normaliseItems(
  inputs: readonly unknown[],
  ctx: NormaliseContext = {},
): { items: NormalisedItem[]; rejected: Rejected[] } {
  const items: NormalisedItem[] = [];
  const rejected: Rejected[] = [];
  const seen = new Set<string>();
  const now = ctx.now ?? new Date();
  inputs.forEach((input, index) => {
    const r = normaliseItem(input, { ...ctx, now });
    if (!r.ok) {
      rejected.push({ index, externalId: r.externalId, reason: r.reason });
      return;
    }
    const key = r.item.externalId;
    if (seen.has(key)) {
      rejected.push({ index, externalId: r.item.externalId, reason: 'repeats an earlier item in the batch' });
      return;
    }
    seen.add(key);
    items.push(r.item);
  });
  return { items, rejected };
}
