import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, SafeFetcher, USER_AGENT, type Resolver, type SafeFetcherOptions } from './safe-fetch.js';

/**
 * Every server here listens on 127.0.0.1 (port 0) and is reached only because the fetcher's
 * allow-list names loopback, as a test or intranet deployment would. Refusals of blocked ranges
 * happen before any connection, so those tests send no traffic at all.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let port: number;
const routes = new Map<string, Handler>();
const sockets = new Set<Socket>();
const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const noDns: Resolver = () => Promise.reject(new Error('no DNS in this test'));

function fetcher(options: SafeFetcherOptions = {}): SafeFetcher {
  return new SafeFetcher({
    allowHosts: ['127.0.0.1/32'],
    resolver: noDns,
    hostGate: { spacingMs: 0, concurrency: 4 },
    ...options,
  });
}

async function refusal(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const feed =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title></item></channel></rss>';

describe('SafeFetcher: addresses', () => {
  const strict = () => new SafeFetcher({ resolver: noDns, robots: false });

  it.each([
    ['http://127.0.0.1/feed', 'The address is the loopback address of this machine (127.0.0.1)'],
    ['http://[::1]/feed', 'loopback'],
    ['http://2130706433/feed', 'loopback'], // decimal form of 127.0.0.1
    ['http://0x7f.1/feed', 'loopback'],
    [
      'http://10.0.0.5/feed',
      'The address is a private network (10.0.0.5), which Counterpoint does not fetch from',
    ],
    ['http://172.20.1.1/feed', 'private network'],
    ['http://192.168.0.10/feed', 'private network'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/feed', 'link-local'],
    ['http://100.64.12.1/feed', 'carrier-grade NAT'],
    ['http://224.0.0.1/feed', 'multicast'],
    ['http://[ff05::2]/feed', 'multicast'],
    ['http://255.255.255.255/feed', 'broadcast'],
    ['http://250.1.1.1/feed', 'reserved'],
    ['http://0.0.0.0/feed', '"this network"'],
    ['http://[fd00::1]/feed', 'unique-local'],
    ['http://[::ffff:127.0.0.1]/feed', 'IPv4-mapped'],
    ['http://[::ffff:192.168.1.1]/feed', 'private network, reached through an IPv4-mapped IPv6 address'],
    ['http://[64:ff9b::a00:1]/feed', 'NAT64'],
    ['http://192.0.2.1/feed', 'documentation'],
    ['http://[2001:db8::1]/feed', 'documentation'],
  ])('refuses %s', async (url, message) => {
    const err = await refusal(strict().fetch(url));
    expect(err.kind).toBe('blocked_address');
    expect(err.message).toContain(message);
  });

  it('refuses a DNS name that resolves into a blocked range, naming the address', async () => {
    const f = new SafeFetcher({
      robots: false,
      resolver: () => Promise.resolve([{ address: '10.0.0.5', family: 4 }]),
    });
    const err = await refusal(f.fetch('http://intranet.example.org/feed'));
    expect(err.message).toBe(
      'The address resolves to a private network (10.0.0.5), which Counterpoint does not fetch from',
    );
  });

  it('refuses a name when any one of its addresses is blocked', async () => {
    const f = new SafeFetcher({
      robots: false,
      resolver: () =>
        Promise.resolve([
          { address: '93.184.216.34', family: 4 },
          { address: 'fd00::7', family: 6 },
        ]),
    });
    expect((await refusal(f.fetch('https://mixed.example.org/'))).message).toContain('unique-local');
  });

  it('refuses schemes other than http and https, and credentials in the URL', async () => {
    for (const url of [
      'ftp://example.org/feed',
      'file:///etc/passwd',
      'gopher://example.org/',
      'data:text/xml,<rss/>',
    ]) {
      expect((await refusal(strict().fetch(url))).kind).toBe('bad_scheme');
    }
    expect((await refusal(strict().fetch('http://user:pw@example.org/'))).kind).toBe('bad_url');
    expect((await refusal(strict().fetch('not a url'))).message).toBe(
      '"not a url" is not a valid web address',
    );
  });

  it('reports an unknown host in plain words', async () => {
    const f = new SafeFetcher({ robots: false, resolver: () => Promise.reject(new Error('ENOTFOUND')) });
    expect((await refusal(f.fetch('http://nowhere.invalid/'))).message).toBe(
      'The host name nowhere.invalid could not be found',
    );
  });

  it('connects to the checked address, not to a second DNS answer', async () => {
    routes.set('/pinned', (req, res) => res.end(`host=${req.headers.host}`));
    let lookups = 0;
    const f = fetcher({
      resolver: () => {
        lookups++;
        // A rebinding resolver would answer differently the second time; it is only asked once.
        return Promise.resolve(
          lookups === 1
            ? [{ address: '127.0.0.1', family: 4 as const }]
            : [{ address: '10.9.9.9', family: 4 as const }],
        );
      },
      robots: false,
    });
    const r = await f.fetch(`http://feeds.test:${port}/pinned`);
    expect(r.body.toString()).toBe(`host=feeds.test:${port}`);
    expect(lookups).toBe(1);
  });

  it('allows a host name on the allow-list whatever it resolves to', async () => {
    routes.set('/named', (_req, res) => res.end('ok'));
    const f = new SafeFetcher({
      allowHosts: ['*.intranet.test'],
      robots: false,
      resolver: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    expect((await f.fetch(`http://feeds.intranet.test:${port}/named`)).body.toString()).toBe('ok');
  });
});

describe('SafeFetcher: redirects', () => {
  it('follows redirects and re-checks each hop', async () => {
    routes.set('/hop1', (_req, res) => res.writeHead(301, { location: '/hop2' }).end());
    routes.set('/hop2', (_req, res) => res.writeHead(302, { location: `${base}/final` }).end());
    routes.set('/final', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed),
    );
    const r = await fetcher({ robots: false }).fetch(`${base}/hop1`);
    expect(r).toMatchObject({
      url: `${base}/final`,
      status: 200,
      redirects: 2,
      contentType: 'application/rss+xml',
    });
  });

  it('refuses a redirect into a blocked range', async () => {
    routes.set('/to-metadata', (_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    routes.set('/to-private', (_req, res) => res.writeHead(307, { location: 'http://10.0.0.5/feed' }).end());
    const err = await refusal(fetcher({ robots: false }).fetch(`${base}/to-metadata`));
    expect(err.kind).toBe('blocked_address');
    expect(err.message).toBe(
      'The server redirected to http://169.254.169.254/latest/meta-data/, whose address is a link-local address (169.254.169.254), which Counterpoint does not fetch from',
    );
    expect((await refusal(fetcher({ robots: false }).fetch(`${base}/to-private`))).message).toContain(
      'private network (10.0.0.5)',
    );
  });

  it('refuses a redirect to a name resolving into a blocked range, and to another scheme', async () => {
    routes.set('/to-name', (_req, res) =>
      res.writeHead(302, { location: 'http://internal.example.org/' }).end(),
    );
    routes.set('/to-file', (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const f = fetcher({
      robots: false,
      resolver: () => Promise.resolve([{ address: '192.168.1.20', family: 4 }]),
    });
    expect((await refusal(f.fetch(`${base}/to-name`))).message).toContain(
      'whose address resolves to a private network (192.168.1.20)',
    );
    expect((await refusal(f.fetch(`${base}/to-file`))).kind).toBe('bad_scheme');
  });

  it('stops after five redirects', async () => {
    routes.set('/loop', (req, res) => {
      const n = Number(new URL(req.url ?? '/', base).searchParams.get('n') ?? 0);
      res.writeHead(302, { location: `/loop?n=${n + 1}` }).end();
    });
    const err = await refusal(fetcher({ robots: false }).fetch(`${base}/loop`));
    expect(err.message).toBe(
      'The address redirected more than 5 times, so Counterpoint stopped following it',
    );
  });
});

describe('SafeFetcher: bodies, time and caching', () => {
  it('sends the product User-Agent and asks for compression', async () => {
    routes.set('/ua', (_req, res) => res.end('ok'));
    await fetcher({ robots: false }).fetch(`${base}/ua`);
    const last = seen.filter((s) => s.url === '/ua').at(-1);
    expect(last?.headers['user-agent']).toBe(USER_AGENT);
    expect(last?.headers['user-agent']).toMatch(
      /^Counterpoint\/0\.1 \(\+https:\/\/.+; public-interest monitoring\)$/,
    );
    expect(last?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('unpacks gzip, deflate (zlib and raw) and brotli', async () => {
    const body = Buffer.from(feed);
    const encodings: Array<[string, Buffer]> = [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['deflate', deflateRawSync(body)],
      ['br', brotliCompressSync(body)],
    ];
    for (const [i, [enc, bytes]] of encodings.entries()) {
      routes.set(`/enc${i}`, (_req, res) => res.writeHead(200, { 'content-encoding': enc }).end(bytes));
      const r = await fetcher({ robots: false }).fetch(`${base}/enc${i}`);
      expect(r.body.toString()).toBe(feed);
    }
  });

  it('caps the body, before and after decompression', async () => {
    routes.set('/big', (_req, res) => res.end(Buffer.alloc(300_000, 0x61)));
    routes.set('/bomb', (_req, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5_000_000))),
    );
    const f = fetcher({ robots: false, maxBytes: 200_000 });
    const big = await refusal(f.fetch(`${base}/big`));
    expect(big.kind).toBe('too_large');
    expect(big.message).toBe('The response is larger than 0.2 MB, so it was not read');
    const bomb = await refusal(f.fetch(`${base}/bomb`));
    expect(bomb.message).toBe('The response unpacks to more than 0.2 MB, so it was not read');
  });

  it('gives up on a server trickling one byte a second', async () => {
    routes.set('/trickle', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const timer = setInterval(() => res.write('<'), 1000);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const err = await refusal(fetcher({ robots: false, totalTimeoutMs: 1500 }).fetch(`${base}/trickle`));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(
      'The server took longer than 1.5 s to answer in full, so Counterpoint stopped waiting',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  // A listener that never accepts, its backlog already full: the kernel drops further SYNs, so the
  // connection attempt hangs exactly as it would towards a black-holed host. Node always accepts, so
  // a few lines of Python hold the socket (skipped where python3 is missing).
  const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;
  it.skipIf(!hasPython)('gives up connecting after the connect timeout', async () => {
    const script = [
      'import socket, sys',
      "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)",
      'port = s.getsockname()[1]; held = []',
      'for _ in range(4):',
      '    c = socket.socket(); c.setblocking(False)',
      '    try: c.connect(("127.0.0.1", port))',
      '    except BlockingIOError: pass',
      '    held.append(c)',
      'print(port, flush=True)',
      'sys.stdin.read()',
    ].join('\n');
    const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const blackhole = await new Promise<number>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
        child.once('error', reject);
      });
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const err = await refusal(
        fetcher({ robots: false, connectTimeoutMs: 500 }).fetch(`http://127.0.0.1:${blackhole}/feed`),
      );
      expect(err.kind).toBe('connect_timeout');
      expect(err.message).toBe(`Could not connect to 127.0.0.1:${blackhole} within 0.5 s`);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      child.stdin.end();
      child.kill();
    }
  });

  it('makes conditional requests and reports 304 Not Modified', async () => {
    routes.set('/cond', (req, res) => {
      if (
        req.headers['if-none-match'] === '"v1"' ||
        req.headers['if-modified-since'] === 'Fri, 01 Mar 2024 09:00:00 GMT'
      ) {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Fri, 01 Mar 2024 09:00:00 GMT' }).end(feed);
    });
    const f = fetcher({ robots: false });
    const first = await f.fetch(`${base}/cond`);
    expect(first).toMatchObject({
      status: 200,
      notModified: false,
      etag: '"v1"',
      lastModified: 'Fri, 01 Mar 2024 09:00:00 GMT',
    });
    const second = await f.fetch(`${base}/cond`, { etag: first.etag });
    expect(second).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(second.body.length).toBe(0);
    const third = await f.fetch(`${base}/cond`, { lastModified: first.lastModified });
    expect(third.notModified).toBe(true);
  });

  it('turns HTTP errors into plain words', async () => {
    routes.set('/gone', (_req, res) => res.writeHead(410).end());
    routes.set('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    const f = fetcher({ robots: false });
    expect((await refusal(f.fetch(`${base}/gone`))).message).toBe('The server answered 410 Gone');
    const busy = await refusal(f.fetch(`${base}/busy`));
    expect(busy).toMatchObject({
      status: 429,
      retryAfter: '120',
      message: 'The server answered 429 Too Many Requests',
    });
  });

  it('reports a refused connection plainly', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await refusal(fetcher({ robots: false }).fetch(`http://127.0.0.1:${deadPort}/`));
    expect(err.message).toBe(`The server at 127.0.0.1:${deadPort} refused the connection`);
  });
});

describe('SafeFetcher: robots.txt and politeness', () => {
  it('honours robots.txt, fetching it once per host', async () => {
    const robotsServer = createServer((req, res) => {
      if (req.url === '/robots.txt') {
        robotsHits++;
        res.end('User-agent: *\nDisallow: /private\n\nUser-agent: Counterpoint\nDisallow: /members\n');
      } else res.end(feed);
    });
    let robotsHits = 0;
    await new Promise<void>((r) => robotsServer.listen(0, '127.0.0.1', r));
    const p = (robotsServer.address() as AddressInfo).port;
    try {
      const f = fetcher();
      const err = await refusal(f.fetch(`http://127.0.0.1:${p}/members/feed.xml`));
      expect(err.kind).toBe('robots');
      expect(err.message).toBe(
        `robots.txt on 127.0.0.1:${p} asks automated readers not to fetch /members/feed.xml, so Counterpoint does not`,
      );
      // Our own group applies, so the * group's /private rule does not.
      expect((await f.fetch(`http://127.0.0.1:${p}/private/feed.xml`)).status).toBe(200);
      expect((await f.fetch(`http://127.0.0.1:${p}/feed.xml`)).status).toBe(200);
      expect(robotsHits).toBe(1);
    } finally {
      await new Promise<void>((r) => robotsServer.close(() => r()));
    }
  });

  it('keeps to the per-host concurrency and spacing', async () => {
    let active = 0;
    let peak = 0;
    const starts: number[] = [];
    routes.set('/slow', (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      starts.push(Date.now());
      setTimeout(() => {
        active--;
        res.end('ok');
      }, 50);
    });
    const f = fetcher({ robots: false, hostGate: { concurrency: 1, spacingMs: 150 } });
    await Promise.all([1, 2, 3].map(() => f.fetch(`${base}/slow`)));
    expect(peak).toBe(1);
    expect(starts).toHaveLength(3);
    // The gaps are seen by the server, after connection set-up and event-loop delays that differ
    // between requests; without spacing they would be about 50 ms (one at a time, 50 ms each).
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(100);
  });
});
