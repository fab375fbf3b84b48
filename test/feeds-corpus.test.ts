import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed, type FeedEntry } from '@counterpoint/core';
import { describe, expect, it } from 'vitest';

/**
 * The feed corpus (test/fixtures/feeds, see its README): every well-formed feed parses to the item
 * count and text its manifest gives, every broken one is recovered or rejected in plain words, and
 * none takes long. The same files then go through `pnpm counterpoint feed check`, the contract the
 * project's own checks use.
 */
interface Check {
  index: number;
  title?: string | null;
  text?: string | null;
  url?: string | null;
  externalId?: string;
  publishedAt?: string | null;
  author?: Record<string, string>;
  mediaUrls?: string[];
}
interface Expectation {
  file: string;
  ok: boolean;
  format?: string;
  encoding?: string;
  items?: number;
  error?: string;
  errorPattern?: string;
  checks?: Check[];
}

const root = dirname(fileURLToPath(import.meta.url));
const dir = join(root, 'fixtures/feeds');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Expectation[];
const PER_FILE_MS = 5_000;

function field(entry: FeedEntry, key: 'title' | 'text' | 'url' | 'externalId' | 'publishedAt'): unknown {
  return entry[key] ?? null;
}

describe('feed corpus', () => {
  it('has at least 70 files, covering every format and broken case', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(70);
    const formats = new Set(manifest.filter((m) => m.ok).map((m) => m.format));
    expect([...formats].sort()).toEqual(['atom03', 'atom1', 'rss09', 'rss1', 'rss2']);
    expect(manifest.filter((m) => !m.ok).length).toBeGreaterThanOrEqual(10);
  });

  for (const m of manifest) {
    it(`${m.file}: ${m.ok ? `${m.format}, ${m.items} items` : 'rejected'}`, async () => {
      const bytes = readFileSync(join(dir, m.file));
      const started = performance.now();
      const result = await parseFeed(bytes, { deadlineMs: PER_FILE_MS });
      expect(performance.now() - started).toBeLessThan(PER_FILE_MS);
      if (!m.ok) {
        expect(result.ok, `expected a rejection for ${m.file}`).toBe(false);
        if (result.ok) return;
        if (m.error) expect(result.error).toBe(m.error);
        if (m.errorPattern) expect(result.error).toMatch(new RegExp(m.errorPattern));
        expect(result.error).not.toMatch(/\n|\bat \S+:\d+|TypeError|RangeError/);
        return;
      }
      if (!result.ok) throw new Error(`${m.file} was rejected: ${result.error}`);
      expect(result.format).toBe(m.format);
      expect(result.encoding).toBe(m.encoding);
      expect(result.entries).toHaveLength(m.items ?? 0);
      for (const e of result.entries) {
        expect(e.externalId.length).toBeGreaterThan(0);
        expect(e.text).not.toMatch(/<script|<style|trackView/);
      }
      for (const c of m.checks ?? []) {
        const entry = result.entries[c.index];
        if (!entry) throw new Error(`no entry ${c.index}`);
        for (const key of ['title', 'text', 'url', 'externalId', 'publishedAt'] as const) {
          if (c[key] !== undefined) expect(field(entry, key), `${key} of entry ${c.index}`).toBe(c[key]);
        }
        if (c.author) expect(entry.author).toMatchObject(c.author);
        if (c.mediaUrls) expect(entry.mediaUrls).toEqual(c.mediaUrls);
      }
    });
  }

  const cli = join(root, '../apps/worker/dist/cli/main.js');
  it.skipIf(!existsSync(cli))('feed check prints one JSON line per file, in order, quickly', () => {
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'feed', 'check', ...manifest.map((m) => m.file)], {
      env: { ...process.env, INIT_CWD: dir },
      encoding: 'utf8',
      timeout: 50_000,
    });
    const elapsed = performance.now() - started;
    expect(run.status).toBe(1); // the corpus includes rejected files
    expect(run.stderr).not.toMatch(/\bat \S+:\d+/);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(manifest.length);
    lines.forEach((line, i) => {
      const m = manifest[i];
      expect(line.input).toBe(m?.file);
      expect(line.ok).toBe(m?.ok);
      if (m?.ok)
        expect(line).toEqual({
          input: m.file,
          ok: true,
          format: m.format,
          encoding: m.encoding,
          items: m.items,
        });
      else expect(typeof line.error).toBe('string');
    });
    expect(elapsed).toBeLessThan(20_000);
  });
});
