import Parser from 'rss-parser';
import { FeedError } from './feed-error.js';
import { asNode, type XmlNode } from './xml-node.js';

/**
 * rss-parser, wrapped. Its builders assume well-formed feeds (a missing <channel>, an Atom link
 * without attributes or an unreadable Atom date each throw a TypeError or RangeError that loses the
 * whole feed), and its promise can be left unsettled. So: a fresh parser per document (its xml2js
 * instance keeps state between calls), builders patched to keep every item even when one is odd, the
 * raw xml2js node kept beside each item for the normaliser, and every parse raced against a deadline.
 */
export const RAW = Symbol('raw');

export interface RawItem {
  parsed: XmlNode;
  raw: XmlNode;
}

export interface RawFeed {
  feed: XmlNode;
  /** The <channel> (RSS) or <feed> (Atom) node. */
  channel: XmlNode;
  items: RawItem[];
}

interface Internals {
  parseString(xml: string): Promise<XmlNode>;
  parseItemRss(xmlItem: unknown, fields: unknown): XmlNode;
  parseItemAtom(entry: unknown): XmlNode;
  buildRSS(channel: unknown, items: unknown): XmlNode;
  buildRSS2(xmlObj: XmlNode): XmlNode;
  buildRSS1(xmlObj: XmlNode): XmlNode;
  buildRSS0_9(xmlObj: XmlNode): XmlNode;
  buildAtomFeed(xmlObj: XmlNode): XmlNode;
}

function keep(target: XmlNode, raw: unknown): XmlNode {
  Object.defineProperty(target, RAW, { value: asNode(raw), enumerable: false });
  return target;
}

export function rawOf(v: XmlNode): XmlNode {
  return asNode((v as Record<symbol, unknown>)[RAW]);
}

/** Non-strict sax upper-cases every name; put back the spelling the document used. */
function caseRestorer(xml: string): (name: string) => string {
  const spelling = new Map<string, string>();
  for (const m of xml.matchAll(/<\/?([A-Za-z_][\w:.-]*)|\s([A-Za-z_][\w:.-]*)\s*=\s*["']/g)) {
    const name = m[1] ?? m[2];
    if (name && !spelling.has(name.toUpperCase())) spelling.set(name.toUpperCase(), name);
  }
  return (name) => spelling.get(name) ?? spelling.get(name.toUpperCase()) ?? name.toLowerCase();
}

function guardChannel(holder: unknown): void {
  const h = asNode(holder);
  const channels = h.channel;
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new FeedError('The RSS document has no <channel> element, so it has no items to read');
  }
  if (typeof channels[0] !== 'object' || channels[0] === null) channels[0] = {};
}

function makeParser(xml: string, strict: boolean): Internals {
  const restore = caseRestorer(xml);
  const options = strict
    ? { xml2js: { strict: true }, defaultRSS: 2 }
    : {
        xml2js: { strict: false, tagNameProcessors: [restore], attrNameProcessors: [restore] },
        defaultRSS: 2,
      };
  const p = new Parser(options) as unknown as Internals;
  const parseItemRss = p.parseItemRss.bind(p);
  const parseItemAtom = p.parseItemAtom.bind(p);
  const buildRSS = p.buildRSS.bind(p);
  const buildRSS2 = p.buildRSS2.bind(p);
  const buildRSS1 = p.buildRSS1.bind(p);
  const buildRSS09 = p.buildRSS0_9.bind(p);
  const buildAtomFeed = p.buildAtomFeed.bind(p);
  p.parseItemRss = (xmlItem, fields) => {
    let item: XmlNode;
    try {
      item = parseItemRss(asNode(xmlItem), fields);
    } catch {
      item = {};
    }
    return keep(item, xmlItem);
  };
  p.parseItemAtom = (entry) => {
    let item: XmlNode;
    try {
      item = parseItemAtom(asNode(entry));
    } catch {
      // Usually an unreadable date (rss-parser calls toISOString on it); the normaliser reads dates
      // itself, so try again without them before giving up on the rest.
      const { published: _p, updated: _u, ...rest } = asNode(entry);
      try {
        item = parseItemAtom(rest);
      } catch {
        item = {};
      }
    }
    return keep(item, entry);
  };
  p.buildRSS = (channel, items) =>
    keep(buildRSS(asNode(channel), Array.isArray(items) ? items : []), channel);
  p.buildRSS2 = (xmlObj) => {
    guardChannel(xmlObj.rss);
    return buildRSS2(xmlObj);
  };
  p.buildRSS0_9 = (xmlObj) => {
    guardChannel(xmlObj.rss);
    return buildRSS09(xmlObj);
  };
  p.buildRSS1 = (xmlObj) => {
    guardChannel(xmlObj['rdf:RDF']);
    return buildRSS1(xmlObj);
  };
  p.buildAtomFeed = (xmlObj) => {
    const feedNode = asNode(xmlObj.feed);
    let feed: XmlNode;
    try {
      feed = buildAtomFeed({ feed: feedNode });
    } catch {
      const entries = Array.isArray(feedNode.entry) ? (feedNode.entry as unknown[]) : [];
      feed = { items: entries.map((e) => p.parseItemAtom(e)) };
    }
    return keep(feed, feedNode);
  };
  return p;
}

function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new FeedError(`Reading the feed took longer than ${Math.round(ms / 1000)} s and was stopped`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function runRssParser(
  xml: string,
  opts: { strict: boolean; deadlineMs: number },
): Promise<RawFeed> {
  const p = makeParser(xml, opts.strict);
  // The call itself may throw synchronously inside xml2js; fold that into the promise.
  const work = Promise.resolve().then(() => p.parseString(xml));
  const feed = await deadline(work, opts.deadlineMs);
  const items = Array.isArray(feed.items) ? (feed.items as XmlNode[]) : [];
  const channel = rawOf(feed);
  return { feed, channel, items: items.map((parsed) => ({ parsed, raw: rawOf(parsed) })) };
}
