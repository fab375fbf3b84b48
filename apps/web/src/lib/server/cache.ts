import cluster from 'node:cluster';

/**
 * A few seconds' memory for figures every page view asks for and nobody needs to the millisecond
 * (the queue's tab counts, the filter bar's choices, the dashboard's totals). Measured by
 * `counterpoint bench workbench` (docs/performance.md, Workbench): at a million items these reads
 * were most of a page's server time. Concurrent callers for the same key share one query, so a
 * burst of page views costs one read, not fifty. Per process: when the web app runs as several
 * processes (scripts/serve-web.mjs), `forget` is passed on to the others through the cluster's
 * channel, so a change made here is forgotten there within a moment too; a change nobody forgets
 * (another process's data, the worker's) shows when the entry lapses, which is why lifetimes stay
 * short.
 */

interface Entry {
  value: Promise<unknown>;
  expires: number;
}

const entries = new Map<string, Entry>();
// A bound on memory, not a tuning knob: keys are per filter and per person, and old ones lapse.
const MAX_ENTRIES = 2000;

export async function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) {
    for (const [k, e] of entries) if (e.expires <= now) entries.delete(k);
    if (entries.size >= MAX_ENTRIES) entries.clear();
  }
  const value = load();
  entries.set(key, { value, expires: now + ttlMs });
  // A failed read is not remembered: the next caller tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

function forgetHere(prefix: string): void {
  for (const k of entries.keys()) if (k.startsWith(prefix)) entries.delete(k);
}

// The message scripts/serve-web.mjs passes from one web process to every other one.
const FORGET = 'counterpoint:forget';

/**
 * Forgets every entry whose key starts with the prefix (after a change made here), in this process
 * at once and in the server's other web processes as soon as the message reaches them (well under
 * a millisecond when idle; a process busy rendering reads it after the page in hand).
 */
export function forget(prefix: string): void {
  forgetHere(prefix);
  if (cluster.isWorker && process.connected)
    process.send?.({ type: FORGET, prefix }, undefined, {}, () => {});
}

if (cluster.isWorker) {
  process.on('message', (m: unknown) => {
    const message = m as { type?: unknown; prefix?: unknown } | null;
    if (message?.type === FORGET && typeof message.prefix === 'string') forgetHere(message.prefix);
  });
}
