import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { HostGate, type HostGateOptions } from './safe-fetch-gate.js';
import { blockedReason, cidrContains, isAddressEntry } from './safe-fetch-ip.js';
import { RobotsCache } from './safe-fetch-robots.js';

/**
 * The only way the worker reads from the web. http(s) only; every address a name resolves to is
 * checked (and checked again after each redirect) and the connection is pinned to the checked
 * address, so a DNS answer that changes between check and connect cannot send us elsewhere. Bodies
 * are capped before and after decompression, time is bounded, robots.txt is honoured and each host
 * gets a limited, spaced share of requests.
 */

export const USER_AGENT = 'Counterpoint/0.1 (+https://example.org/counterpoint; public-interest monitoring)';
export const PRODUCT_TOKEN = 'counterpoint';

export type FetchErrorKind =
  | 'bad_url'
  | 'bad_scheme'
  | 'blocked_address'
  | 'dns'
  | 'connect_timeout'
  | 'timeout'
  | 'network'
  | 'too_many_redirects'
  | 'too_large'
  | 'http_status'
  | 'robots';

export class FetchError extends Error {
  readonly kind: FetchErrorKind;
  readonly status: number | undefined;
  readonly retryAfter: string | undefined;
  /** Response headers of an http_status refusal (lower-case names), for API rate-limit headers. */
  readonly headers: Record<string, string> | undefined;

  constructor(
    kind: FetchErrorKind,
    message: string,
    extra: { status?: number; retryAfter?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'FetchError';
    this.kind = kind;
    this.status = extra.status;
    this.retryAfter = extra.retryAfter;
    this.headers = extra.headers;
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface SafeFetcherOptions {
  /** FETCH_ALLOW_HOSTS: host names (exact, or `*.example.org`) and addresses/CIDRs allowed although private. */
  allowHosts?: string[];
  resolver?: Resolver;
  maxBytes?: number;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** false turns robots.txt off (only for tests of other things). */
  robots?: boolean;
  hostGate?: HostGateOptions;
}

export interface FetchRequest {
  etag?: string | undefined;
  lastModified?: string | undefined;
  accept?: string;
  /** Authorization header (an API token); sent only while the address stays on the first origin. */
  authorization?: string | undefined;
  /** A POST body (webhooks). POSTs never follow redirects: a moved webhook is a failed delivery. */
  post?: { body: string; contentType: string } | undefined;
}

export interface FetchResponse {
  /** The URL finally answered, after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  body: Buffer;
  contentType: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  redirects: number;
  /** Every response header (lower-case names, repeated ones joined by ", "): Link, rate limits. */
  headers: Record<string, string>;
}

const DEFAULTS = {
  maxBytes: 10 * 1024 * 1024,
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxRedirects: 5,
};

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export class SafeFetcher {
  private readonly resolver: Resolver;
  private readonly allowNames: string[];
  private readonly allowCidrs: string[];
  private readonly maxBytes: number;
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;
  private readonly robots: RobotsCache | undefined;
  private readonly gate: HostGate;

  constructor(options: SafeFetcherOptions = {}) {
    this.resolver = options.resolver ?? systemResolver;
    const allow = (options.allowHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean);
    this.allowCidrs = allow.filter(isAddressEntry);
    this.allowNames = allow.filter((h) => !isAddressEntry(h));
    this.maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
    this.totalTimeoutMs = options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs;
    this.maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.gate = new HostGate(options.hostGate);
    this.robots =
      options.robots === false
        ? undefined
        : new RobotsCache(async (origin) => {
            const r = await this.run(
              new URL('/robots.txt', origin),
              {},
              { robots: false, maxBytes: 512 * 1024, okStatuses: 'any' },
            );
            return { status: r.status, body: r.body.toString('utf8') };
          }, PRODUCT_TOKEN);
  }

  /** GET a URL safely. Throws FetchError (plain-words message) on every refusal or failure. */
  async fetch(url: string, request: FetchRequest = {}): Promise<FetchResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FetchError('bad_url', `"${url}" is not a valid web address`);
    }
    return this.run(parsed, request, {
      robots: this.robots !== undefined,
      maxBytes: this.maxBytes,
      okStatuses: '2xx',
    });
  }

  /**
   * POST a small body (a webhook) with the same address checks, pinning, timeouts and size cap as
   * GET. No robots.txt (the receiver asked for it), no redirects.
   */
  async post(url: string, body: string, contentType = 'application/json'): Promise<FetchResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FetchError('bad_url', `"${url}" is not a valid web address`);
    }
    return this.run(
      parsed,
      { post: { body, contentType }, accept: 'application/json, */*;q=0.5' },
      { robots: false, maxBytes: 64 * 1024, okStatuses: '2xx' },
    );
  }

  private async run(
    start: URL,
    request: FetchRequest,
    mode: { robots: boolean; maxBytes: number; okStatuses: '2xx' | 'any' },
  ): Promise<FetchResponse> {
    const deadline = Date.now() + this.totalTimeoutMs;
    let url = start;
    for (let redirects = 0; ; redirects++) {
      const target = await this.check(url, redirects > 0);
      if (mode.robots && this.robots) {
        const refusal = await this.robots.check(url);
        if (refusal) throw new FetchError('robots', refusal);
      }
      const release = await this.gate.acquire(url.host);
      let res: Awaited<ReturnType<SafeFetcher['request']>>;
      try {
        // A redirect to another origin must not carry the caller's token there.
        const sent = url.origin === start.origin ? request : { ...request, authorization: undefined };
        res = await this.request(url, target, sent, deadline, mode.maxBytes);
      } finally {
        release();
      }
      const { status, headers } = res;
      const location = headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location && !request.post) {
        if (redirects >= this.maxRedirects) {
          throw new FetchError(
            'too_many_redirects',
            `The address redirected more than ${this.maxRedirects} times, so Counterpoint stopped following it`,
          );
        }
        try {
          url = new URL(location, url);
        } catch {
          throw new FetchError(
            'bad_url',
            `The server redirected to "${location}", which is not a valid web address`,
          );
        }
        continue;
      }
      const header = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const all = flatHeaders(headers);
      if (status === 304) {
        return {
          headers: all,
          url: url.href,
          status,
          notModified: true,
          body: Buffer.alloc(0),
          contentType: header('content-type'),
          etag: header('etag') ?? request.etag,
          lastModified: header('last-modified') ?? request.lastModified,
          redirects,
        };
      }
      if (mode.okStatuses === '2xx' && (status < 200 || status > 299)) {
        const words = http.STATUS_CODES[status] ?? 'an error';
        throw new FetchError('http_status', `The server answered ${status} ${words}`, {
          status,
          retryAfter: header('retry-after'),
          headers: all,
        });
      }
      return {
        headers: all,
        url: url.href,
        status,
        notModified: false,
        body: this.decompress(res.body, header('content-encoding'), mode.maxBytes),
        contentType: header('content-type'),
        etag: header('etag'),
        lastModified: header('last-modified'),
        redirects,
      };
    }
  }

  private allowedName(host: string): boolean {
    return this.allowNames.some((n) => n === host || (n.startsWith('*.') && host.endsWith(n.slice(1))));
  }

  /** Scheme, host and every resolved address; answers the address to connect to. */
  private async check(url: URL, redirected: boolean): Promise<ResolvedAddress> {
    const via = redirected ? `The server redirected to ${url.href}, but ` : '';
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError(
        'bad_scheme',
        `${via}Only http and https addresses can be fetched (this one is ${url.protocol})`,
      );
    }
    if (url.username || url.password) {
      throw new FetchError('bad_url', `${via}Addresses with a user name or password are not fetched`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const literal = isIP(host);
    let addresses: ResolvedAddress[];
    if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await this.resolver(host);
      } catch {
        throw new FetchError('dns', `${via}The host name ${host} could not be found`);
      }
      if (addresses.length === 0)
        throw new FetchError('dns', `${via}The host name ${host} could not be found`);
    }
    if (!literal && this.allowedName(host)) return addresses[0] as ResolvedAddress;
    for (const a of addresses) {
      if (this.allowCidrs.some((c) => cidrContains(c, a.address))) continue;
      const why = blockedReason(a.address);
      if (why) {
        const verb = literal ? 'is' : 'resolves to';
        throw new FetchError(
          'blocked_address',
          `${redirected ? `The server redirected to ${url.href}, whose address ${verb}` : `The address ${verb}`} ${why} (${a.address}), which Counterpoint does not fetch from`,
        );
      }
    }
    return addresses[0] as ResolvedAddress;
  }

  private request(
    url: URL,
    target: ResolvedAddress,
    request: FetchRequest,
    deadline: number,
    maxBytes: number,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    // Pin the connection to the address that was checked: no second DNS answer can be swapped in.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept:
        request.accept ??
        'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (request.authorization) headers.authorization = request.authorization;
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    if (request.post) {
      headers['content-type'] = request.post.contentType;
      headers['content-length'] = String(Buffer.byteLength(request.post.body));
    }
    const mod = url.protocol === 'https:' ? https : http;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(this.totalTimeout());

    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (
        err: Error | undefined,
        value?: { status: number; headers: IncomingMessage['headers']; body: Buffer },
      ) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        clearTimeout(connect);
        if (err) {
          req.destroy();
          reject(err);
        } else if (value) resolve(value);
      };
      const method = request.post ? 'POST' : 'GET';
      const req = mod.request(url, { method, headers, lookup: pinned, agent: false });
      const total = setTimeout(() => finish(this.totalTimeout()), remaining);
      const connect = setTimeout(
        () =>
          finish(
            new FetchError(
              'connect_timeout',
              `Could not connect to ${url.host} within ${seconds(this.connectTimeoutMs)}`,
            ),
          ),
        Math.min(this.connectTimeoutMs, remaining),
      );
      req.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connect);
        else socket.once('connect', () => clearTimeout(connect));
      });
      req.on('error', (err: NodeJS.ErrnoException) => finish(this.networkError(err, url)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            finish(
              new FetchError(
                'too_large',
                `The response is larger than ${megabytes(maxBytes)}, so it was not read`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err: NodeJS.ErrnoException) => finish(this.networkError(err, url)));
        res.on('aborted', () =>
          finish(
            new FetchError(
              'network',
              `The connection to ${url.host} was cut before the response was complete`,
            ),
          ),
        );
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.end(request.post?.body);
    });
  }

  private totalTimeout(): FetchError {
    return new FetchError(
      'timeout',
      `The server took longer than ${seconds(this.totalTimeoutMs)} to answer in full, so Counterpoint stopped waiting`,
    );
  }

  private networkError(err: NodeJS.ErrnoException, url: URL): FetchError {
    const host = url.host;
    switch (err.code) {
      case 'ECONNREFUSED':
        return new FetchError('network', `The server at ${host} refused the connection`);
      case 'ECONNRESET':
      case 'EPIPE':
        return new FetchError('network', `The connection to ${host} was reset`);
      case 'ETIMEDOUT':
        return new FetchError('connect_timeout', `Could not connect to ${host} in time`);
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new FetchError('network', `${host} cannot be reached from here`);
      case 'CERT_HAS_EXPIRED':
      case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      case 'SELF_SIGNED_CERT_IN_CHAIN':
      case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      case 'ERR_TLS_CERT_ALTNAME_INVALID':
        return new FetchError(
          'network',
          `The secure connection to ${host} failed: its certificate is not valid (${err.code})`,
        );
      default:
        return new FetchError('network', `The request to ${host} failed (${err.code ?? err.message})`);
    }
  }

  /** gzip, deflate (zlib or raw) and brotli; the size cap applies to what comes out. */
  private decompress(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
    const enc = (encoding ?? '').trim().toLowerCase();
    if (!enc || enc === 'identity' || body.length === 0) return body;
    const opts = { maxOutputLength: maxBytes };
    try {
      if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(body, opts);
      if (enc === 'br') return zlib.brotliDecompressSync(body, opts);
      if (enc === 'deflate') {
        // Some servers send raw deflate without the zlib header the standard asks for.
        const zlibHeader =
          ((body[0] ?? 0) & 0x0f) === 8 && (((body[0] ?? 0) << 8) | (body[1] ?? 0)) % 31 === 0;
        return zlibHeader ? zlib.inflateSync(body, opts) : zlib.inflateRawSync(body, opts);
      }
    } catch (err) {
      if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new FetchError(
          'too_large',
          `The response unpacks to more than ${megabytes(maxBytes)}, so it was not read`,
        );
      }
      throw new FetchError('network', `The response claimed ${enc} compression but could not be unpacked`);
    }
    throw new FetchError('network', `The response uses an unknown compression (${enc})`);
  }
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Reads FETCH_ALLOW_HOSTS the way the config does (comma-separated). */
export function allowHostsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

let shared: { key: string; fetcher: SafeFetcher } | undefined;

/**
 * One fetcher per process, so every job shares the robots.txt cache and the per-host gate (two
 * fetchers would each allow their own share of requests to a host).
 */
export function sharedSafeFetcher(config: {
  FETCH_ALLOW_HOSTS: string[];
  FETCH_TIMEOUT_SECONDS?: number;
}): SafeFetcher {
  const timeoutMs = (config.FETCH_TIMEOUT_SECONDS ?? DEFAULTS.totalTimeoutMs / 1000) * 1000;
  const key = `${config.FETCH_ALLOW_HOSTS.join(',')}|${timeoutMs}`;
  if (shared?.key !== key)
    shared = {
      key,
      fetcher: new SafeFetcher({ allowHosts: config.FETCH_ALLOW_HOSTS, totalTimeoutMs: timeoutMs }),
    };
  return shared.fetcher;
}
