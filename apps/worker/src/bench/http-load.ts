import { Agent, request } from 'node:http';

/**
 * The two HTTP measurements of `bench workbench`: one page fetched on its own (the server's own
 * figure for it, from the `Server-Timing: total` header the web app's hook adds) and one page under
 * N concurrent keep-alive connections for a while (requests per second). node:http with a
 * keep-alive agent rather than a load-testing package: it is all the bench needs, and it costs the
 * two shared cores little next to the server it measures.
 */

export interface Answer {
  status: number;
  /** The server's own time for the request (ms), or null when it sent no `total` timing. */
  serverMs: number | null;
  /** Time from sending to the last byte of the body, as the client saw it (ms). */
  clientMs: number;
  bytes: number;
  location: string | null;
  setCookie: string[];
}

/** `total;dur=12.3` out of a Server-Timing header (which may list several metrics). */
export function serverTotal(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const m = /(?:^|,)\s*total\s*;[^,]*?dur=([0-9.]+)/.exec(text);
  return m ? Number(m[1]) : null;
}

export function fetchOnce(
  url: URL,
  opts: { agent?: Agent; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { method: opts.method ?? 'GET', agent: opts.agent, headers: opts.headers },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            serverMs: serverTotal(res.headers['server-timing']),
            clientMs: performance.now() - started,
            bytes,
            location: res.headers.location ?? null,
            setCookie: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface Percentiles {
  p50: number;
  p95: number;
}

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => {
    if (s.length === 0) return 0;
    const v = s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
    return Math.round(v * 10) / 10;
  };
  return { p50: at(50), p95: at(95) };
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  /** Completed 2xx answers per second of the run. */
  rps: number;
  errors: number;
  latency: Percentiles;
  bytesPerPage: number;
}

/**
 * `connections` loops, each on its own keep-alive socket, fetching the page back to back for
 * `seconds`. Only 2xx answers count as requests; anything else (or a socket error) is an error.
 */
export async function loadTest(
  url: URL,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      try {
        const a = await fetchOnce(url, { agent, headers });
        if (a.status >= 200 && a.status < 300) {
          latencies.push(a.clientMs);
          bytes = a.bytes;
        } else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    connections,
    seconds: Math.round(elapsed * 10) / 10,
    requests: latencies.length,
    rps: Math.round((latencies.length / elapsed) * 10) / 10,
    errors,
    latency: percentiles(latencies),
    bytesPerPage: bytes,
  };
}
