import { createHash } from 'node:crypto';
import { parseFeedDate } from './dates.js';
import type { FeedFormat } from './detect.js';
import { htmlToText, textToHtml, tidy } from './html-text.js';
import type { RawFeed, RawItem } from './rss-parser-run.js';
import { attr, child, childOf, childText, children, textOf, type XmlNode } from './xml-node.js';

export interface FeedAuthor {
  name?: string;
  /** A platform handle where one can be read: `@jo@mastodon.social`, `u/someone`, a Bluesky DID… */
  handle?: string;
  url?: string;
}

export interface FeedEntry {
  /** guid / id / rdf:about / link, else a hash of the content: stable across fetches. */
  externalId: string;
  url?: string;
  title?: string;
  html?: string;
  /** Plain text: HTML converted, scripts and styles dropped, entities decoded. */
  text: string;
  author?: FeedAuthor;
  /** ISO 8601, UTC. */
  publishedAt?: string;
  mediaUrls: string[];
}

export interface FeedMeta {
  title?: string;
  siteUrl?: string;
  author?: FeedAuthor;
}

function absolute(href: string | undefined, ...bases: Array<string | undefined>): string | undefined {
  const h = href?.trim();
  if (!h) return undefined;
  for (const base of [undefined, ...bases]) {
    try {
      const u = base === undefined ? new URL(h) : new URL(h, base);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
      if (base === undefined) return undefined;
    } catch {
      // try the next base
    }
  }
  return undefined;
}

function isHttp(u: string | undefined): u is string {
  return absolute(u) !== undefined;
}

/** Reads a platform handle out of a profile or post URL. */
export function handleFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase();
  const path = u.pathname;
  if (/(^|\.)youtube\.com$/.test(host)) {
    const ch = /^\/channel\/([\w-]+)/.exec(path)?.[1];
    if (ch) return ch;
    const at = /^\/(@[\w.-]+)/.exec(path)?.[1];
    return at;
  }
  if (/(^|\.)reddit\.com$/.test(host)) {
    const user = /^\/(?:user|u)\/([\w-]+)/.exec(path)?.[1];
    return user ? `u/${user}` : undefined;
  }
  if (host === 'bsky.app' || host.endsWith('.bsky.app')) {
    const who = /^\/profile\/([^/]+)/.exec(path)?.[1];
    return who ? decodeURIComponent(who) : undefined;
  }
  const masto = /^\/@([\w.-]+)(?:\/|$)/.exec(path)?.[1] ?? /^\/users\/([\w.-]+)(?:\/|$)/.exec(path)?.[1];
  if (masto) return `@${masto}@${host}`;
  return undefined;
}

/** "jo@example.com (Jo Bloggs)" → Jo Bloggs; "/u/someone" stays as is. */
function authorName(raw: string): string {
  const t = tidy(htmlToText(raw));
  const paren = /^\S+@\S+\s*\(([^)]+)\)$/.exec(t)?.[1];
  return (paren ?? t).trim();
}

function handleFromName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const reddit = /^\/?u\/([\w-]+)$/.exec(name)?.[1];
  if (reddit) return `u/${reddit}`;
  if (/^@[\w.-]+(@[\w.-]+)?$/.test(name)) return name;
  return undefined;
}

function makeAuthor(
  name: string | undefined,
  url: string | undefined,
  itemUrl: string | undefined,
): FeedAuthor | undefined {
  const handle = handleFromUrl(url) ?? handleFromName(name) ?? handleFromUrl(itemUrl);
  const a: FeedAuthor = {};
  if (name) a.name = name;
  if (handle) a.handle = handle;
  if (url) a.url = url;
  return Object.keys(a).length ? a : undefined;
}

function mediaUrls(raw: XmlNode, bases: Array<string | undefined>): string[] {
  const out: string[] = [];
  const add = (u: string | undefined) => {
    const abs = absolute(u, ...bases);
    if (abs && !out.includes(abs)) out.push(abs);
  };
  for (const e of children(raw, 'enclosure')) add(attr(e, 'url') ?? attr(e, 'href'));
  const media = (node: unknown) => {
    for (const m of children(node, 'media:content')) {
      add(attr(m, 'url'));
      for (const t of children(m, 'media:thumbnail')) add(attr(t, 'url'));
    }
    for (const t of children(node, 'media:thumbnail')) add(attr(t, 'url'));
  };
  media(raw);
  for (const g of children(raw, 'media:group')) media(g);
  for (const l of children(raw, 'link')) if (attr(l, 'rel') === 'enclosure') add(attr(l, 'href'));
  return out;
}

function hashId(parts: Array<string | undefined>): string {
  return `sha256:${createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\n'))
    .digest('hex')
    .slice(0, 40)}`;
}

function plainTitle(raw: string | undefined, isHtml: boolean): string | undefined {
  if (!raw) return undefined;
  const t = isHtml ? htmlToText(raw) : tidy(raw);
  return t.replace(/\s*\n\s*/g, ' ') || undefined;
}

function finish(e: Omit<FeedEntry, 'text'> & { text?: string }): FeedEntry {
  const text = e.text || (e.html ? htmlToText(e.html) : '') || e.title || '';
  const out: FeedEntry = { externalId: e.externalId, text, mediaUrls: e.mediaUrls };
  if (e.url) out.url = e.url;
  if (e.title) out.title = e.title;
  if (e.html) out.html = e.html;
  if (e.author) out.author = e.author;
  if (e.publishedAt) out.publishedAt = e.publishedAt;
  return out;
}

function rssEntry(
  item: RawItem,
  bases: Array<string | undefined>,
  feedAuthor: FeedAuthor | undefined,
): FeedEntry {
  const { raw, parsed } = item;
  const guid = childText(raw, 'guid');
  const about = attr(raw, 'rdf:about');
  const rawLink = childText(raw, 'link') || (typeof parsed.link === 'string' ? parsed.link.trim() : '');
  const permaGuid = attr(child(raw, 'guid'), 'isPermaLink') !== 'false' && isHttp(guid) ? guid : undefined;
  const url = absolute(rawLink, ...bases) ?? absolute(permaGuid) ?? absolute(about);
  const encoded = childText(raw, 'content:encoded');
  const description = typeof parsed.content === 'string' ? parsed.content : textOf(child(raw, 'description'));
  const html = (encoded || description).trim() || undefined;
  const title = plainTitle(childText(raw, 'title') || childText(raw, 'dc:title'), true);
  const date = parseFeedDate(
    childText(raw, 'pubDate') || childText(raw, 'dc:date') || childText(raw, 'a10:updated'),
  );
  const byline = childText(raw, 'dc:creator') || childText(raw, 'author') || childText(raw, 'itunes:author');
  const name = byline ? authorName(byline) : undefined;
  let author = makeAuthor(name, undefined, url);
  // A handle read from the item's own URL that matches the profile the feed is about: same person.
  if (author?.handle && !author.name && author.handle === feedAuthor?.handle) author = { ...feedAuthor };
  if (!author) author = feedAuthor;
  const text = html ? htmlToText(html) : '';
  return finish({
    externalId: guid || about || rawLink || hashId([title, text, date?.toISOString()]),
    url,
    title,
    html,
    text,
    author,
    publishedAt: date?.toISOString(),
    mediaUrls: mediaUrls(raw, bases),
  });
}

function atomLink(raw: XmlNode, bases: Array<string | undefined>): string | undefined {
  const links = children(raw, 'link');
  const alt =
    links.find((l) => attr(l, 'rel') === 'alternate' && /html/.test(attr(l, 'type') ?? 'text/html')) ??
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate') ??
    links.find(
      (l) => attr(l, 'href') !== undefined && attr(l, 'rel') !== 'enclosure' && attr(l, 'rel') !== 'self',
    );
  return absolute(alt ? (attr(alt, 'href') ?? textOf(alt)) : undefined, ...bases);
}

function atomContent(node: unknown, parsedContent: unknown): { html?: string; text?: string } {
  if (node === undefined) return {};
  const type = (attr(node, 'type') ?? '').toLowerCase();
  const mode = (attr(node, 'mode') ?? '').toLowerCase();
  let body = textOf(node);
  if (mode === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (type === 'xhtml' || mode === 'xml' || (!body.trim() && typeof parsedContent === 'string')) {
    const built = typeof parsedContent === 'string' ? parsedContent : body;
    return { html: built.trim() || undefined };
  }
  if (type === 'text' || type === 'text/plain') {
    const t = tidy(body);
    return t ? { html: textToHtml(t), text: t } : {};
  }
  return { html: body.trim() || undefined };
}

function atomEntry(
  item: RawItem,
  bases: Array<string | undefined>,
  feedAuthor: FeedAuthor | undefined,
  format: FeedFormat,
): FeedEntry {
  const { raw, parsed } = item;
  const entryBase = absolute(attr(raw, 'xml:base'), ...bases);
  const allBases = [entryBase, ...bases];
  const url = atomLink(raw, allBases);
  const id = childText(raw, 'id');
  const titleNode = child(raw, 'title');
  const titleType = (attr(titleNode, 'type') ?? 'text').toLowerCase();
  const title = plainTitle(textOf(titleNode), titleType !== 'text');
  let { html, text } = atomContent(child(raw, 'content'), parsed.content);
  if (!html) ({ html, text } = atomContent(child(raw, 'summary'), parsed.summary));
  if (!html && format === 'atom03') ({ html, text } = atomContent(child(raw, 'tagline'), undefined));
  if (!html) {
    const mediaDescription =
      childText(raw, 'media:description') || childText(child(raw, 'media:group'), 'media:description');
    if (mediaDescription) {
      text = tidy(mediaDescription);
      html = textToHtml(text);
    }
  }
  const dateText = ['published', 'issued', 'updated', 'modified', 'created', 'dc:date']
    .map((k) => childText(raw, k))
    .find(Boolean);
  const date = parseFeedDate(dateText);
  const a = childOf(raw, ['author', 'contributor']);
  const name = a !== undefined ? childText(a, 'name') || tidy(textOf(a)) : childText(raw, 'dc:creator');
  const authorUrl =
    a !== undefined ? absolute(childText(a, 'uri') || childText(a, 'url'), ...allBases) : undefined;
  let author = makeAuthor(name || undefined, authorUrl, url);
  if (!author) author = feedAuthor;
  return finish({
    externalId: id || url || hashId([title, text ?? html, date?.toISOString()]),
    url,
    title,
    html,
    text: text ?? (html ? htmlToText(html) : ''),
    author,
    publishedAt: date?.toISOString(),
    mediaUrls: mediaUrls(raw, allBases),
  });
}

export function normaliseFeed(
  rawFeed: RawFeed,
  format: FeedFormat,
  baseUrl: string | undefined,
): { meta: FeedMeta; entries: FeedEntry[] } {
  const ch = rawFeed.channel;
  if (format === 'atom1' || format === 'atom03') {
    const feedBase = absolute(attr(ch, 'xml:base'), baseUrl);
    const siteUrl = atomLink(ch, [feedBase, baseUrl]);
    const bases = [feedBase, baseUrl, siteUrl];
    const a = child(ch, 'author');
    const name = a !== undefined ? childText(a, 'name') : '';
    const feedAuthor = makeAuthor(name || undefined, absolute(childText(a, 'uri'), ...bases), siteUrl);
    const meta: FeedMeta = {};
    const title = plainTitle(
      textOf(child(ch, 'title')),
      (attr(child(ch, 'title'), 'type') ?? 'text') !== 'text',
    );
    if (title) meta.title = title;
    if (siteUrl) meta.siteUrl = siteUrl;
    if (feedAuthor) meta.author = feedAuthor;
    return { meta, entries: rawFeed.items.map((i) => atomEntry(i, bases, feedAuthor, format)) };
  }
  const link = childText(ch, 'link');
  const siteUrl = absolute(link, baseUrl);
  const bases = [baseUrl, siteUrl];
  const title = plainTitle(childText(ch, 'title'), true);
  // Profile feeds (Mastodon, Bluesky) name their author on the channel, not on each item.
  const byline =
    childText(ch, 'managingEditor') || childText(ch, 'dc:creator') || childText(ch, 'itunes:author');
  let feedAuthor: FeedAuthor | undefined;
  const channelHandle = handleFromUrl(siteUrl);
  if (byline) feedAuthor = makeAuthor(authorName(byline), undefined, siteUrl);
  else if (channelHandle) {
    const bsky = title ? /^@(\S+)\s+-\s+(.+)$/.exec(title) : null;
    feedAuthor = { handle: channelHandle, ...(siteUrl ? { url: siteUrl } : {}) };
    const name = bsky?.[2] ?? title;
    if (name) feedAuthor.name = name;
  }
  const meta: FeedMeta = {};
  if (title) meta.title = title;
  if (siteUrl) meta.siteUrl = siteUrl;
  if (feedAuthor) meta.author = feedAuthor;
  return { meta, entries: rawFeed.items.map((i) => rssEntry(i, bases, feedAuthor)) };
}
