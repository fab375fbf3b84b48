import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { FeedError } from './feed-error.js';

/**
 * Turns the bytes of a feed into text. The charset is taken, in order, from a byte-order mark, the
 * XML declaration and the HTTP Content-Type header, else UTF-8 (falling back to windows-1252 when the
 * bytes are not valid UTF-8, which is what undeclared legacy feeds almost always are).
 *
 * zlib's synchronous gunzip is pure computation on a buffer (no I/O, no clock), so a gzip file handed
 * over directly (say, a saved `feed.xml.gz`) is unpacked here; HTTP content-coding is the fetcher's job.
 */

export type CharsetSource =
  'bom' | 'byte-pattern' | 'xml-declaration' | 'content-type' | 'default' | 'fallback';

export interface DecodedFeed {
  text: string;
  /** Canonical lower-case name of the charset used, e.g. `utf-8`, `windows-1251`, `shift_jis`. */
  encoding: string;
  source: CharsetSource;
  /** Set when the bytes were a gzip file. */
  compressed?: 'gzip';
  /** Things worth knowing (an unknown declared charset, a disagreeing header…). */
  notes: string[];
}

export interface DecodeOptions {
  contentType?: string | undefined;
  /** Refuse to inflate beyond this many bytes (gzip bombs). Default 50 MB. */
  maxInflatedBytes?: number;
}

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-unicode20utf8': 'utf-8',
  utf16: 'utf-16',
  unicode: 'utf-16le',
  ucs2: 'utf-16le',
  'ucs-2': 'utf-16le',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  utf32: 'utf-32',
  'ucs-4': 'utf-32',
  utf32le: 'utf-32le',
  utf32be: 'utf-32be',
  latin1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  l1: 'iso-8859-1',
  ascii: 'us-ascii',
  'ansi_x3.4-1968': 'us-ascii',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1252: 'windows-1252',
  cp1253: 'windows-1253',
  cp1254: 'windows-1254',
  cp1255: 'windows-1255',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp1258: 'windows-1258',
  'x-cp1251': 'windows-1251',
  'x-cp1252': 'windows-1252',
  sjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  'x-sjis': 'shift_jis',
  ms_kanji: 'shift_jis',
  'windows-31j': 'shift_jis',
  cp932: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
  euckr: 'euc-kr',
  'ks_c_5601-1987': 'euc-kr',
  cp949: 'euc-kr',
  'x-gbk': 'gbk',
  cp936: 'gbk',
  'big5-hkscs': 'big5',
  'x-x-big5': 'big5',
  cn: 'gb2312',
  'euc-cn': 'gb2312',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
};

/** Labels whose bytes we decode with a superset, as browsers do (C1 bytes are really windows-1252). */
const DECODE_AS: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  // iconv-lite's Shift_JIS lacks the Microsoft extensions that real Japanese feeds use.
  shift_jis: 'cp932',
  'euc-kr': 'cp949',
  gb2312: 'gbk',
};

export function canonicalCharset(label: string): string {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  return ALIASES[l] ?? l;
}

function known(name: string): boolean {
  if (name === 'utf-16' || name === 'utf-32') return true;
  return iconv.encodingExists(DECODE_AS[name] ?? name);
}

function sniffBom(b: Uint8Array): { encoding: string; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** XML 1.0 appendix F: "<" or "<?" in a wide encoding without a BOM. */
function sniffWide(b: Uint8Array): string | undefined {
  if (b.length < 4) return undefined;
  const [a, c, d, e] = [b[0], b[1], b[2], b[3]];
  if (a === 0x3c && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c === 0 && d === 0 && e === 0x3c) return 'utf-32be';
  if (a === 0x3c && c === 0 && d !== 0 && e === 0) return 'utf-16le';
  if (a === 0 && c === 0x3c && d === 0 && e !== 0) return 'utf-16be';
  return undefined;
}

function declaredEncoding(b: Uint8Array): string | undefined {
  // The declaration is ASCII in every ASCII-compatible charset; skip junk some servers print first.
  const head = Buffer.from(b.subarray(0, 2048)).toString('latin1');
  const m = /<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:()+-]+)\s*["']/.exec(head);
  return m?.[1];
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m?.[2];
}

function decodeWith(bytes: Uint8Array, name: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return iconv.decode(buf, DECODE_AS[name] ?? name, { stripBOM: true });
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

export function decodeFeedBytes(input: Uint8Array, options: DecodeOptions = {}): DecodedFeed {
  const notes: string[] = [];
  let bytes = input;
  let compressed: 'gzip' | undefined;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: options.maxInflatedBytes ?? 50 * 1024 * 1024 });
      compressed = 'gzip';
    } catch (err) {
      const tooBig = err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new FeedError(
        tooBig
          ? 'The gzip file unpacks to more than the size limit, so it was not read'
          : 'The file looks gzip-compressed but could not be unpacked (it may be truncated or corrupt)',
      );
    }
  }
  const done = (text: string, encoding: string, source: CharsetSource): DecodedFeed => ({
    text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
    encoding,
    source,
    notes,
    ...(compressed ? { compressed } : {}),
  });

  const bom = sniffBom(bytes);
  if (bom) return done(decodeWith(bytes, bom.encoding), bom.encoding, 'bom');

  const wide = sniffWide(bytes);
  if (wide) return done(decodeWith(bytes, wide), wide, 'byte-pattern');

  const candidates: Array<[string | undefined, CharsetSource]> = [
    [declaredEncoding(bytes), 'xml-declaration'],
    [charsetFromContentType(options.contentType), 'content-type'],
  ];
  for (const [label, source] of candidates) {
    if (!label) continue;
    const name = canonicalCharset(label);
    // A wide charset declared on bytes that are plainly ASCII-compatible is a mislabel.
    if (name.startsWith('utf-16') || name.startsWith('utf-32')) {
      notes.push(
        `The ${source === 'content-type' ? 'HTTP header' : 'XML declaration'} says ${label}, but the bytes are not ${label}; ignored`,
      );
      continue;
    }
    if (!known(name)) {
      notes.push(
        `Unknown charset "${label}" in the ${source === 'content-type' ? 'HTTP header' : 'XML declaration'}; ignored`,
      );
      continue;
    }
    if (name === 'utf-8' && !isValidUtf8(bytes)) {
      notes.push('Declared UTF-8 but the bytes are not valid UTF-8; read as windows-1252');
      return done(decodeWith(bytes, 'windows-1252'), 'windows-1252', 'fallback');
    }
    return done(decodeWith(bytes, name), name, source);
  }
  if (isValidUtf8(bytes)) return done(decodeWith(bytes, 'utf-8'), 'utf-8', 'default');
  notes.push('No charset declared and the bytes are not valid UTF-8; read as windows-1252');
  return done(decodeWith(bytes, 'windows-1252'), 'windows-1252', 'fallback');
}
