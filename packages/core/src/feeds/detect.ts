import { FeedError } from './feed-error.js';

export const FEED_FORMATS = ['rss2', 'rss09', 'rss1', 'atom1', 'atom03'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export interface RootElement {
  name: string;
  /** The raw attribute text of the start tag. */
  attributes: string;
  /** Offset of the `<` of the start tag. */
  index: number;
}

const PROLOG_ITEM = /\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]*\[[\s\S]*?\]\s*>|[^>]*>)/iy;

/** The document element, skipping the prolog (declaration, PIs, comments, DOCTYPE). */
export function findRoot(text: string): RootElement | undefined {
  let pos = 0;
  for (;;) {
    PROLOG_ITEM.lastIndex = pos;
    const m = PROLOG_ITEM.exec(text);
    if (!m || m[0].length === 0) break;
    pos = PROLOG_ITEM.lastIndex;
  }
  const tag = /<([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>?/y;
  tag.lastIndex = pos;
  const m = tag.exec(text);
  if (!m?.[1]) return undefined;
  return { name: m[1], attributes: m[2] ?? '', index: pos };
}

function attr(attributes: string, name: string): string | undefined {
  const re = new RegExp(
    `(?:^|\\s)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`,
  );
  const m = re.exec(attributes);
  return m ? (m[1] ?? m[2]) : undefined;
}

const NS_RSS1 = 'http://purl.org/rss/1.0/';
const NS_RSS090 = 'http://my.netscape.com/rdf/simple/0.9/';
const NS_ATOM1 = 'http://www.w3.org/2005/Atom';
const NS_ATOM03 = 'http://purl.org/atom/ns#';

/** Rejections that need no XML at all: empty, JSON, HTML, plain text. */
export function rejectNonXml(text: string): void {
  const trimmed = text.trim();
  if (trimmed === '') throw new FeedError('The document is empty');
  const sample = trimmed.slice(0, 1024);
  const odd = sample.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g)?.length ?? 0;
  if (odd > sample.length * 0.05) throw new FeedError('This is binary data, not a feed');
  if (/^[{[]/.test(trimmed)) {
    if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(trimmed.slice(0, 2000))) {
      throw new FeedError('This is a JSON Feed, not an RSS or Atom feed; Counterpoint reads RSS and Atom');
    }
    throw new FeedError('This is JSON, not an RSS or Atom feed');
  }
  if (/^(?:<!--[\s\S]*?-->\s*)*<!doctype\s+html\b/i.test(trimmed)) {
    throw new FeedError('This is an HTML page, not a feed');
  }
  if (!trimmed.includes('<')) {
    const start = trimmed.slice(0, 40).replace(/\s+/g, ' ');
    throw new FeedError(
      `This is not XML, so not a feed (it begins "${start}${trimmed.length > 40 ? '…' : ''}")`,
    );
  }
}

/** Works out the feed format from the document element, or says in plain words why it is not a feed. */
export function detectFormat(text: string): { format: FeedFormat; root: RootElement } {
  const root = findRoot(text);
  if (!root) throw new FeedError('The document has no XML elements, so it is not a feed');
  const local = root.name.includes(':') ? root.name.slice(root.name.indexOf(':') + 1) : root.name;
  const lower = local.toLowerCase();
  if (lower === 'html' || lower === 'body' || lower === 'head') {
    throw new FeedError('This is an HTML page, not a feed');
  }
  if (local === 'rss') {
    const version = (attr(root.attributes, 'version') ?? '').trim();
    if (/^0\.9[01]?$/.test(version)) return { format: 'rss09', root };
    return { format: 'rss2', root };
  }
  if (local === 'RDF') {
    if (root.attributes.includes(NS_RSS090)) return { format: 'rss09', root };
    if (root.attributes.includes(NS_RSS1) || /<(?:\w+:)?channel[\s>]/.test(text))
      return { format: 'rss1', root };
    throw new FeedError('This RDF document is not an RSS feed (it has no RSS channel)');
  }
  if (local === 'feed') {
    if (root.attributes.includes(NS_ATOM03) || attr(root.attributes, 'version') === '0.3') {
      return { format: 'atom03', root };
    }
    if (root.attributes.includes(NS_ATOM1) || !root.name.includes(':')) return { format: 'atom1', root };
  }
  if (lower === 'opml') throw new FeedError('This is an OPML list of feeds, not a feed itself');
  throw new FeedError(`This XML is not a feed (root element <${root.name}>)`);
}
