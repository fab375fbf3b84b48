import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeFetcher } from '../../connectors/safe-fetch.js';
import { checkFeeds } from './feed-check.js';

const rss =
  '<rss version="2.0"><channel><title>t</title><item><title>a</title></item><item><title>b</title></item></channel></rss>';

describe('feed check', () => {
  it('resolves files against INIT_CWD, keeps input order and exits 1 on any rejection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feed-check-'));
    writeFileSync(join(dir, 'good.xml'), rss);
    writeFileSync(join(dir, 'page.html'), '<!DOCTYPE html><html></html>');
    const lines: string[] = [];
    const code = await checkFeeds(['good.xml', 'page.html', 'missing.xml'], { env: { INIT_CWD: dir } }, (l) =>
      lines.push(l),
    );
    expect(code).toBe(1);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { input: 'good.xml', ok: true, format: 'rss2', encoding: 'utf-8', items: 2 },
      { input: 'page.html', ok: false, error: 'This is an HTML page, not a feed' },
      { input: 'missing.xml', ok: false, error: 'No such file: missing.xml' },
    ]);
    expect(await checkFeeds(['good.xml'], { env: { INIT_CWD: dir } }, () => undefined)).toBe(0);
  });

  it('fetches URLs through safe fetching, using the header charset', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/robots.txt') return res.writeHead(404).end();
      res
        .writeHead(200, { 'content-type': 'text/xml; charset=iso-8859-1' })
        .end(Buffer.from(rss.replace('<title>a', '<title>\u00e9'), 'latin1'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    try {
      const lines: string[] = [];
      const fetcher = new SafeFetcher({ allowHosts: ['127.0.0.1'], hostGate: { spacingMs: 0 } });
      expect(await checkFeeds([url], { env: {}, fetcher }, (l) => lines.push(l))).toBe(0);
      expect(JSON.parse(lines[0] ?? '')).toEqual({
        input: url,
        ok: true,
        format: 'rss2',
        encoding: 'iso-8859-1',
        items: 2,
      });
      // Without the allow-list, loopback is refused before any connection.
      const refused: string[] = [];
      expect(await checkFeeds([url], { env: {} }, (l) => refused.push(l))).toBe(1);
      expect(JSON.parse(refused[0] ?? '')).toMatchObject({
        ok: false,
        error: expect.stringContaining('loopback') as unknown,
      });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
