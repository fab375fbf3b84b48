import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fetchOnce, loadTest, percentiles, serverTotal } from './http-load.js';

describe('serverTotal', () => {
  it('reads the total among several Server-Timing metrics', () => {
    expect(serverTotal('dashboard;dur=3.2, total;dur=12.5')).toBe(12.5);
    expect(serverTotal(['db;dur=1', 'total;desc="all";dur=40'])).toBe(40);
  });
  it('is null when there is no total', () => {
    expect(serverTotal(undefined)).toBeNull();
    expect(serverTotal('dashboard;dur=3.2')).toBeNull();
    expect(serverTotal('subtotal;dur=9')).toBeNull();
  });
});

describe('percentiles', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(xs)).toEqual({ p50: 50, p95: 95 });
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7 });
    expect(percentiles([])).toEqual({ p50: 0, p95: 0 });
  });
});

describe('loadTest', () => {
  it('counts only 2xx answers as requests and the rest as errors', async () => {
    let n = 0;
    const server = createServer((_req, res) => {
      n++;
      res.writeHead(n % 2 ? 200 : 500, { 'server-timing': 'total;dur=1.5' }).end('hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const url = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
    try {
      const one = await fetchOnce(url);
      expect(one.serverMs).toBe(1.5);
      expect(one.bytes).toBe(5);
      const out = await loadTest(url, {}, 3, 0.3);
      expect(out.requests).toBeGreaterThan(0);
      expect(out.errors).toBeGreaterThan(0);
      expect(Math.abs(out.requests - out.errors)).toBeLessThanOrEqual(4);
      expect(out.rps).toBeGreaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
