import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { RawItem } from '@counterpoint/core/normalise/index';
import { blockedReason, cidrContains, isAddressEntry } from './safe-fetch-ip.js';

/**
 * Jetstream's JSON events, as far as the consumer needs them: every event carries a time_us (the
 * cursor); only commits creating app.bsky.feed.post records become items. Identity and account
 * events, deletes, updates and other collections are read for their time and otherwise ignored.
 */
export const POST_COLLECTION = 'app.bsky.feed.post';

export interface JetstreamPost {
  did: string;
  rkey: string;
  timeUs: number;
  text: string;
  createdAt: string | null;
  langs: string[];
  imageCids: string[];
}

export type ParsedEvent = { timeUs: number; post: JetstreamPost | null } | null;

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]{1,2048}$/;
const RKEY = /^[a-zA-Z0-9._~:-]{1,512}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One message: null when it is not a Jetstream event at all (counted, never fatal). */
export function parseEvent(data: string): ParsedEvent {
  let e: unknown;
  try {
    e = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(e) || typeof e.time_us !== 'number' || !Number.isSafeInteger(e.time_us)) return null;
  const timeUs = e.time_us;
  if (e.kind !== 'commit' || !isObject(e.commit)) return { timeUs, post: null };
  const c = e.commit;
  if (c.operation !== 'create' || c.collection !== POST_COLLECTION || !isObject(c.record)) {
    return { timeUs, post: null };
  }
  const { did } = e;
  const { rkey, record } = c;
  if (typeof did !== 'string' || !DID.test(did) || typeof rkey !== 'string' || !RKEY.test(rkey)) {
    return { timeUs, post: null };
  }
  if (typeof record.text !== 'string') return { timeUs, post: null };
  const langs = Array.isArray(record.langs)
    ? record.langs.filter((l): l is string => typeof l === 'string')
    : [];
  return {
    timeUs,
    post: {
      did,
      rkey,
      timeUs,
      text: record.text,
      createdAt: typeof record.createdAt === 'string' ? record.createdAt : null,
      langs,
      imageCids: imageCids(record.embed),
    },
  };
}

/** Blob CIDs of an images embed (directly, or inside a record-with-media embed). */
function imageCids(embed: unknown): string[] {
  if (!isObject(embed)) return [];
  const media = embed.$type === 'app.bsky.embed.recordWithMedia' ? embed.media : embed;
  if (!isObject(media) || media.$type !== 'app.bsky.embed.images' || !Array.isArray(media.images)) return [];
  const out: string[] = [];
  for (const img of media.images) {
    const ref =
      isObject(img) && isObject(img.image) && isObject(img.image.ref) ? img.image.ref.$link : undefined;
    if (typeof ref === 'string' && /^[a-z0-9]{10,100}$/.test(ref)) out.push(ref);
  }
  return out.slice(0, 4);
}

/** The stable id of a post: its at:// URI, the same on every replay. */
export const postUri = (p: { did: string; rkey: string }) => `at://${p.did}/${POST_COLLECTION}/${p.rkey}`;

/**
 * A post as a raw item. The author is the DID (Jetstream sends no handle, and handles change): it
 * is pseudonymised at ingest like any handle.
 */
export function postToRawItem(p: JetstreamPost): RawItem {
  const profile = `https://bsky.app/profile/${p.did}`;
  return {
    platform: 'bluesky',
    externalId: postUri(p),
    url: `${profile}/post/${p.rkey}`,
    text: p.text,
    language: p.langs[0] ?? null,
    publishedAt: p.createdAt,
    author: { handle: p.did, profileUrl: profile },
    mediaUrls: p.imageCids.map((cid) => `https://cdn.bsky.app/img/feed_fullsize/plain/${p.did}/${cid}@jpeg`),
  };
}

/**
 * The same address rules as safe fetching, for the WebSocket: ws:// and wss:// only, every resolved
 * address outside the blocked ranges unless allowed, and the connection pinned to the checked one.
 */
export async function checkStreamAddress(
  raw: string,
  allowHosts: readonly string[],
): Promise<LookupFunction> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${raw}" is not a valid Jetstream address`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`A Jetstream address must start with wss:// or ws:// (this one is ${url.protocol})`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allow = allowHosts.map((h) => h.trim().toLowerCase()).filter(Boolean);
  const literal = isIP(host);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch {
      throw new Error(`The host name ${host} could not be found`);
    }
    if (addresses.length === 0) throw new Error(`The host name ${host} could not be found`);
  }
  const nameAllowed =
    !literal &&
    allow.some(
      (n) => !isAddressEntry(n) && (n === host || (n.startsWith('*.') && host.endsWith(n.slice(1)))),
    );
  if (!nameAllowed) {
    for (const a of addresses) {
      if (allow.some((c) => isAddressEntry(c) && cidrContains(c, a.address))) continue;
      const why = blockedReason(a.address);
      if (why)
        throw new Error(
          `The Jetstream address resolves to ${why} (${a.address}), which Counterpoint does not connect to`,
        );
    }
  }
  const target = addresses[0]!;
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
