import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { newId } from '@counterpoint/core';
import {
  copyItemsBaseline,
  countAll,
  ingestBatch,
  schema,
  unnestItemsBaseline,
  type Db,
  type IngestItem,
} from '@counterpoint/db';
import { createTestDatabase } from '@counterpoint/db/testing';
import { prepareBatch } from './prepare.js';

/**
 * Ingest write benchmark (performance.md §9, R1 and R2): the product's `ingestBatch` (500-item
 * batches: identities, clusters, districts, source health, audit) against COPY FROM STDIN and a bare
 * unnest INSERT of the same rows into the same table, in the same run, rotated across 5 rounds;
 * medians reported. Run after building: `TEST_DATABASE_URL=… node apps/worker/dist/pipeline/ingest-bench.js`
 * (BENCH_ITEMS sets the number of posts, default 20,000).
 */

const N = Number(process.env.BENCH_ITEMS ?? 20_000);
const ROUNDS = 5;
const BATCH = 500;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Posts of about 40 words from a Zipf-like made-up vocabulary; 10% are copies or one-word edits. */
function syntheticRaw(n: number, seed: number): unknown[] {
  const r = rng(seed);
  const vocab = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
  const word = () => vocab[Math.floor(vocab.length * r() ** 3)]!;
  const texts: string[] = [];
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    let text: string;
    if (i > 10 && r() < 0.1) {
      const words = texts[Math.floor(r() * texts.length)]!.split(' ');
      if (r() < 0.5) words[Math.floor(r() * words.length)] = word();
      text = words.join(' ');
    } else {
      text = Array.from({ length: 40 }, word).join(' ');
    }
    texts.push(text);
    const author = `user${Math.floor(r() * 2000)}`;
    out.push({
      platform: 'mastodon',
      externalId: `post-${seed}-${i}`,
      url: `https://social.example/@${author}/${i}?utm_source=bench`,
      html: `<p>${text}</p>`,
      publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      author: { handle: `@${author}@social.example`, displayName: author },
      engagement: { likes: i % 17 },
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function newSource(db: Db, name: string): Promise<string> {
  const id = newId('source');
  await db.insert(schema.sources).values({ id, kind: 'push', name });
  return id;
}

async function main(): Promise<void> {
  const d = await createTestDatabase();
  try {
    const options = {
      pseudonymSecret: 'bench-pseudonym-secret-32-characters-long',
      identityKey: { key: new Uint8Array(randomBytes(32)), version: 1 },
      sourceDistricts: [],
    };
    // A fresh data set per round, so each round sees the synthetic 10% copy rate rather than
    // copies of every earlier round; within a round all three methods write the same rows.
    const rounds = Array.from({ length: ROUNDS }, (_, round) => syntheticRaw(N, 42 + round));
    const t0 = performance.now();
    const prepared = rounds.map((raw) => prepareBatch(raw, options).items);
    const prepareRate = (N * ROUNDS) / ((performance.now() - t0) / 1000);
    let items: IngestItem[] = [];
    let batches: IngestItem[][] = [];
    const methods: Record<string, () => Promise<void>> = {
      ingestBatch: async () => {
        const sourceId = await newSource(d.db, 'ingest');
        for (const b of batches) await ingestBatch(d.db, { sourceId, items: b });
      },
      copy: async () => {
        const sourceId = await newSource(d.db, 'copy');
        await copyItemsBaseline(d.url, sourceId, items);
      },
      unnest: async () => {
        const sourceId = await newSource(d.db, 'unnest');
        for (const b of batches) await unnestItemsBaseline(d.db, sourceId, b);
      },
    };
    const rates: Record<string, number[]> = { ingestBatch: [], copy: [], unnest: [] };
    const names = Object.keys(methods);
    for (let round = 0; round < ROUNDS; round++) {
      items = prepared[round]!;
      batches = [];
      for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]!;
        const start = performance.now();
        await methods[name]!();
        rates[name]!.push(N / ((performance.now() - start) / 1000));
      }
    }
    // R2's baseline: one INSERT per row, autocommit, on a sample.
    const single = items.slice(0, 1000);
    const singleSource = await newSource(d.db, 'single');
    const s0 = performance.now();
    for (const i of single) await unnestItemsBaseline(d.db, singleSource, [i]);
    const singleRate = single.length / ((performance.now() - s0) / 1000);

    const med = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(median(v))]));
    const result = {
      items: N,
      batch: BATCH,
      rounds: ROUNDS,
      cpu: cpus()[0]?.model,
      node: process.version,
      prepareItemsPerSec: Math.round(prepareRate),
      rowsPerSec: med,
      singleRowAutocommitPerSec: Math.round(singleRate),
      ingestVsCopy: +(med.ingestBatch! / med.copy!).toFixed(2),
      ingestVsUnnest: +(med.ingestBatch! / med.unnest!).toFixed(2),
      ingestVsSingleRow: +(med.ingestBatch! / singleRate).toFixed(1),
      rowsInTableAtEnd: (await countAll(d.db)).items,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await d.drop();
  }
}

await main();
