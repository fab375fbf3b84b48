import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FeedError } from '@counterpoint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from './feed.js';
import { FetchError, SafeFetcher } from './safe-fetch.js';

// A fixture server on loopback speaking RSS and Atom the way publishers do: charset in the header,
// gzip, ETag/Last-Modified, redirects, relative links.
const rss = (title: string) =>
  `<rss version="2.0"><channel><title>${title}</title><link>/</link>` +
  `<item><title>Первая новость</title><link>/news/1</link><description>Текст &amp; ещё</description>` +
  `<pubDate>Fri, 01 Mar 2024 09:00:00 GMT</pubDate><guid isPermaLink="false">n1</guid></item></channel></rss>`;

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/robots.txt') return res.writeHead(404).end();
    if (url === '/moved') return res.writeHead(301, { location: '/feeds/main.xml' }).end();
    if (url === '/feeds/main.xml') {
      if (req.headers['if-none-match'] === '"abc"') return res.writeHead(304, { etag: '"abc"' }).end();
      // Served as windows-1251 per the header (the document declares no charset of its own).
      const cp1251 = Buffer.from(
        [...rss('Лента')].map((ch) => {
          const code = ch.charCodeAt(0);
          if (code < 0x80) return code;
          if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
          return code === 0x451 ? 0xb8 : 0x3f;
        }),
      );
      return res
        .writeHead(200, {
          'content-type': 'application/rss+xml; charset=windows-1251',
          'content-encoding': 'gzip',
          etag: '"abc"',
          'last-modified': 'Fri, 01 Mar 2024 09:00:00 GMT',
        })
        .end(gzipSync(cp1251));
    }
    if (url === '/page')
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html></html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const deps = () => ({ fetcher: new SafeFetcher({ allowHosts: ['127.0.0.1'], hostGate: { spacingMs: 0 } }) });

describe('fetchFeed', () => {
  it('fetches, unpacks, decodes by the header charset and normalises, resolving links against the final URL', async () => {
    const r = await fetchFeed({ url: `${base}/moved` }, {}, deps());
    expect(r).toMatchObject({
      notModified: false,
      format: 'rss2',
      encoding: 'windows-1251',
      etag: '"abc"',
      lastModified: 'Fri, 01 Mar 2024 09:00:00 GMT',
      finalUrl: `${base}/feeds/main.xml`,
      meta: { title: 'Лента', siteUrl: `${base}/` },
    });
    expect(r.entries).toEqual([
      {
        externalId: 'n1',
        url: `${base}/news/1`,
        title: 'Первая новость',
        html: 'Текст & ещё',
        text: 'Текст & ещё',
        publishedAt: '2024-03-01T09:00:00.000Z',
        mediaUrls: [],
      },
    ]);
  });

  it('reports 304 Not Modified with no entries, keeping the validators', async () => {
    const r = await fetchFeed(
      { url: `${base}/feeds/main.xml` },
      { etag: '"abc"', lastModified: 'x' },
      deps(),
    );
    expect(r).toMatchObject({ notModified: true, entries: [], etag: '"abc"', lastModified: 'x' });
  });

  it('throws plain-words errors for pages and refused addresses', async () => {
    const page = await fetchFeed({ url: `${base}/page` }, {}, deps()).catch((e: unknown) => e);
    expect(page).toBeInstanceOf(FeedError);
    expect((page as FeedError).message).toBe('This is an HTML page, not a feed');
    const err = await fetchFeed({ url: 'http://10.0.0.5/feed' }, {}, deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).message).toBe(
      'The address is a private network (10.0.0.5), which Counterpoint does not fetch from',
    );
    await expect(fetchFeed({ url: `${base}/missing` }, {}, deps())).rejects.toThrow(
      'The server answered 404 Not Found',
    );
  });
});
