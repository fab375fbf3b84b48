import { randomBytes } from 'node:crypto';
import {
  decryptIdentity,
  encryptIdentity,
  hamming,
  MIN_SIMHASH_FEATURES,
  newId,
  pseudonym,
  simhash64,
  simhashFeatures,
  textHash,
} from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit.js';
import { openDatabase, rowsOf, type Db } from '../open.js';
import { districts } from '../schema/geography.js';
import { lexicons, lexiconVersions } from '../schema/scoring.js';
import { sources } from '../schema/sources.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { textArray } from './ingest-arrays.js';
import { ingestBatch, type IngestItem } from './ingest.js';
import { sealedIdentity } from './items.js';
import { storeScores, type ScoreDraft } from './scoring.js';

const SECRET = 'test-pseudonym-secret-with-32-characters!';
const KEY = new Uint8Array(randomBytes(32));
const HANDLE = 'Zq7SecretHandle';

function item(
  externalId: string,
  text: string,
  extra: { handle?: string; districtIds?: string[]; publishedAt?: Date } = {},
): IngestItem {
  const handle = extra.handle ?? `${HANDLE}${externalId}`;
  const p = pseudonym(SECRET, 'mastodon', handle);
  const sealed = encryptIdentity(
    { key: KEY, version: 1 },
    { handle, displayName: `Display ${handle}`, profileUrl: `https://social.example/@${handle}` },
    p,
  );
  return {
    platform: 'mastodon',
    externalId,
    url: `https://social.example/@x/${externalId}`,
    title: null,
    text,
    language: 'en',
    publishedAt: extra.publishedAt ?? new Date('2025-05-01T10:00:00Z'),
    mediaUrls: ['https://cdn.example/a.jpg', 'https://cdn.example/b "quoted" \\ back.jpg'],
    engagement: { likes: 3 },
    authorPseudonym: p,
    identity: { pseudonym: p, platform: 'mastodon', ...sealed },
    textHash: textHash(text),
    simhash: simhash64(text),
    nearDuplicateEligible: simhashFeatures(text).length >= MIN_SIMHASH_FEATURES,
    districtIds: extra.districtIds ?? [],
  };
}

// Unrelated posts: every word drawn from a large made-up vocabulary, so no two are near each other.
function unrelatedText(i: number): string {
  const words: string[] = [];
  let s = (i + 1) * 2654435761;
  for (let w = 0; w < 30; w++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    words.push(`w${s % 50000}`);
  }
  return `Post ${i}: ${words.join(' ')}`;
}

async function makeSource(db: Db, name = 'Test feed'): Promise<string> {
  const id = newId('source');
  await db.insert(sources).values({ id, kind: 'rss', name });
  return id;
}

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await db.execute(query));
  return Number(row?.n ?? 0);
}

describe('ingestBatch on PostgreSQL', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
  });
  afterAll(async () => {
    await d.drop();
  });

  it('inserts a batch of 500 once; re-running it inserts nothing and loses nothing', async () => {
    const district = newId('district');
    await d.db
      .insert(districts)
      .values({ id: district, tier: 'district', slug: 'testshire', name: 'Testshire' });
    const sourceId = await makeSource(d.db);
    const batch = Array.from({ length: 500 }, (_, i) =>
      item(`e${i}`, unrelatedText(i), { districtIds: [district] }),
    );
    const first = await ingestBatch(d.db, { sourceId, items: batch });
    expect(first.inserted).toBe(500);
    expect(first.insertedIds).toHaveLength(500);
    expect(first.duplicates).toBe(0);
    expect(first.clusters.created).toBe(500);

    const again = await ingestBatch(d.db, { sourceId, items: batch });
    expect(again).toMatchObject({ inserted: 0, duplicates: 500, insertedIds: [] });
    // Two workers retrying the same batch at once: still nothing new.
    const [a, b] = await Promise.all([
      ingestBatch(d.db, { sourceId, items: batch }),
      ingestBatch(d.db, { sourceId, items: batch }),
    ]);
    expect(a.inserted + b.inserted).toBe(0);

    expect(await count(d.db, sql`select count(*) as n from items where source_id = ${sourceId}`)).toBe(500);
    expect(await count(d.db, sql`select count(*) as n from clusters`)).toBe(500);
    expect(
      await count(d.db, sql`select count(*) as n from item_districts where district_id = ${district}`),
    ).toBe(500);
    const [src] = rowsOf<{ items_seen: number | string; last_success_at: Date | null }>(
      await d.db.execute(sql`select items_seen, last_success_at from sources where id = ${sourceId}`),
    );
    expect(Number(src?.items_seen)).toBe(500);
    expect(src?.last_success_at).not.toBeNull();
    // One audit row per batch that stored something, never one per item.
    expect(await count(d.db, sql`select count(*) as n from audit_log where action = 'items.ingest'`)).toBe(1);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);

    // Values survive the trip through the array literals intact.
    const [row] = rowsOf<{ media_urls: string[] | string; engagement: unknown; text: string }>(
      await d.db.execute(sql`select media_urls, engagement, text from items where external_id = 'e7'`),
    );
    expect(row?.media_urls).toEqual([
      'https://cdn.example/a.jpg',
      'https://cdn.example/b "quoted" \\ back.jpg',
    ]);
    expect(row?.engagement).toEqual({ likes: 3 });
    expect(row?.text).toBe(unrelatedText(7));
  });

  it('puts near-duplicates and exact copies from several sources and batches into one cluster', async () => {
    const base =
      'Residents are invited to a community meeting at the library on Thursday evening to discuss plans ' +
      'for the new youth centre, the closure of the bus depot, safer routes to school and what to do ' +
      'about flooding on the street';
    // One-word edits whose fingerprints are within the threshold of the original (most are).
    const words = base.split(' ');
    const near = words
      .map((_, k) => words.map((w, j) => (j === k ? 'zebra' : w)).join(' '))
      .filter((t) => hamming(simhash64(t), simhash64(base)) <= 3)
      .slice(0, 3);
    expect(near).toHaveLength(3);
    const s1 = await makeSource(d.db, 'one');
    const s2 = await makeSource(d.db, 'two');
    const r1 = await ingestBatch(d.db, { sourceId: s1, items: [item('n0', base), item('n1', near[0]!)] });
    expect(r1.clusters.created).toBe(1);
    expect(r1.nearDuplicates).toBe(1);
    const copies = [
      item('c0', `${base.toUpperCase()} https://example.com/x`), // exact copy once normalised
      ...near.slice(1).map((t, i) => item(`n${i + 2}`, t)),
      item('other', unrelatedText(9999)),
    ];
    const r2 = await ingestBatch(d.db, { sourceId: s2, items: copies });
    expect(r2.exactDuplicates).toBe(1);
    expect(r2.nearDuplicates).toBe(near.length - 1);
    expect(r2.clusters).toEqual({ created: 1, joined: 1 });
    const clusterId = r1.clusterIds[0]!;
    const n = 2 + 1 + (near.length - 1);
    expect(new Set([...r1.clusterIds, ...r2.clusterIds.slice(0, -1)])).toEqual(new Set([clusterId]));
    const [c] = rowsOf<{ size: number; representative_item_id: string; first_seen_at: Date }>(
      await d.db.execute(
        sql`select size, representative_item_id, first_seen_at from clusters where id = ${clusterId}`,
      ),
    );
    expect(c?.size).toBe(n);
    expect(c?.representative_item_id).toBe(r1.insertedIds[0]);
    expect(await count(d.db, sql`select count(*) as n from items where cluster_id = ${clusterId}`)).toBe(n);
  });

  it('batches stored at once, overlapping in ids, texts and authors, store each item once in one cluster per text', async () => {
    const sourceId = await makeSource(d.db, 'concurrent');
    // Eight batches of 60 over 200 ids: every id is in two or three batches; 20 texts, each
    // carried by ten ids; 7 authors shared by all. Batches run on separate connections of the
    // pool, as jobs of several workers do, and retry on a conflict as the job would.
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 60 }, (_, k) => {
        const n = (b * 25 + k) % 200;
        return item(`cc${n}`, unrelatedText(100_000 + (n % 20)), { handle: `Shared${n % 7}` });
      }),
    );
    let conflicts = 0;
    const store = async (items: IngestItem[]) => {
      for (;;) {
        try {
          return await ingestBatch(d.db, { sourceId, items });
        } catch (err) {
          if ((err as { code?: string }).code !== 'conflict') throw err;
          conflicts++;
        }
      }
    };
    const results = await Promise.all(batches.map(store));
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(200);
    expect(await count(d.db, sql`select count(*) as n from items where source_id = ${sourceId}`)).toBe(200);
    const clusters = rowsOf<{ cluster_id: string; n: string; size: number; hashes: string }>(
      await d.db.execute(sql`
        select i.cluster_id, count(*) as n, c.size, count(distinct i.text_hash) as hashes
        from items i join clusters c on c.id = i.cluster_id
        where i.source_id = ${sourceId} group by i.cluster_id, c.size`),
    );
    expect(clusters).toHaveLength(20);
    for (const c of clusters) expect([Number(c.n), Number(c.size), Number(c.hashes)]).toEqual([10, 10, 1]);
    const [src] = rowsOf<{ items_seen: number }>(
      await d.db.execute(sql`select items_seen from sources where id = ${sourceId}`),
    );
    expect(Number(src?.items_seen)).toBe(200);
    const shared = Array.from({ length: 7 }, (_, k) => pseudonym(SECRET, 'mastodon', `Shared${k}`));
    expect(
      await count(
        d.db,
        sql`select count(*) as n from identities where pseudonym = any(${textArray(shared)}::text[])`,
      ),
    ).toBe(7);
    console.info(`concurrent batches: ${conflicts} conflict retries`);
  });

  it('keeps every handle out of the database in clear, and identities decrypt with the key', async () => {
    const sourceId = await makeSource(d.db, 'privacy');
    const r = await ingestBatch(d.db, {
      sourceId,
      items: [
        item('p1', unrelatedText(1), { handle: HANDLE }),
        item('p2', unrelatedText(2), { handle: HANDLE }),
      ],
    });
    expect(r.inserted).toBe(2);
    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await d.db.execute(sql`
        select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'ARRAY', 'character varying', 'USER-DEFINED')`),
    );
    expect(columns.length).toBeGreaterThan(50);
    for (const { table_name, column_name } of columns) {
      const hits = await count(
        d.db,
        sql`select count(*) as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${'%' + HANDLE + '%'}`,
      );
      expect(hits, `${table_name}.${column_name}`).toBe(0);
    }
    const p = pseudonym(SECRET, 'mastodon', HANDLE);
    expect(await count(d.db, sql`select count(*) as n from identities where pseudonym = ${p}`)).toBe(1);
    const sealed = await sealedIdentity(d.db, p);
    expect(decryptIdentity({ key: KEY, version: 1 }, sealed!, p)).toEqual({
      handle: HANDLE,
      displayName: `Display ${HANDLE}`,
      profileUrl: `https://social.example/@${HANDLE}`,
    });
  });

  it('stores scores, gazetteer districts and signals with the items, in their transaction, once', async () => {
    const lexiconId = newId('lexicon');
    const versionId = newId('lexiconVersion');
    await d.db.insert(lexicons).values({ id: lexiconId, slug: 'fold-test', name: 'Fold test' });
    await d.db
      .insert(lexiconVersions)
      .values({ id: versionId, lexiconId, number: 1, status: 'published', publishedAt: new Date() });
    const place = newId('district');
    await d.db
      .insert(districts)
      .values({ id: place, tier: 'district', slug: 'placeshire', name: 'Placeshire' });
    const draft = (score: number, band: ScoreDraft['band'], districtIds: string[] = []): ScoreDraft => ({
      lexiconVersionId: versionId,
      modelId: null,
      lexiconScore: score,
      classifierProbability: null,
      category: band === 'below' ? null : 'hostility',
      score,
      band,
      thresholds: { signal: 70, uncertain: 40 },
      evidence: [],
      features: {},
      districtIds,
    });
    const sourceId = await makeSource(d.db, 'scored');
    const copy = unrelatedText(4242);
    const batch = [
      { ...item('s1', copy), score: draft(80, 'signal', [place]) },
      { ...item('s2', copy), score: draft(80, 'signal') },
      { ...item('s3', unrelatedText(4243)), score: draft(10, 'below') },
      // Unscored (no lexicon at the time): stored without a score.
      item('s4', unrelatedText(4244)),
    ];
    const auditBefore = await count(d.db, sql`select count(*) as n from audit_log`);
    const r = await ingestBatch(d.db, { sourceId, items: batch });
    expect(r).toMatchObject({ inserted: 4, scored: 3, signalsUpdated: 0 });
    // The two copies share a cluster, and a cluster makes one signal.
    expect(r.signalsCreated).toHaveLength(1);
    // One audit row for items and scores together, and the chain still verifies.
    expect(await count(d.db, sql`select count(*) as n from audit_log`)).toBe(auditBefore + 1);
    const [audit] = rowsOf<{ change: { inserted: number; scores: { scored: number; bands: unknown } } }>(
      await d.db.execute(sql`select change from audit_log order by seq desc limit 1`),
    );
    expect(audit?.change).toMatchObject({
      inserted: 4,
      scores: { scored: 3, bands: { signal: 2, below: 1 } },
    });
    expect((await verifyAuditChain(d.db)).ok).toBe(true);

    const again = await ingestBatch(d.db, { sourceId, items: batch });
    expect(again).toMatchObject({ inserted: 0, scored: 0, signalsCreated: [] });
    const ids = r.insertedIds;
    expect(
      await count(
        d.db,
        sql`select count(*) as n from scores where item_id = any(${`{${ids.join(',')}}`}::text[])`,
      ),
    ).toBe(3);
    const [signal] = rowsOf<{ item_id: string; priority: number }>(
      await d.db.execute(sql`select item_id, priority from signals where id = ${r.signalsCreated[0]!}`),
    );
    // The first copy leads; the cluster of two lifts its priority above the bare score.
    expect(signal?.item_id).toBe(ids[0]);
    expect(Number(signal?.priority)).toBeGreaterThan(80);
    expect(
      await count(
        d.db,
        sql`select count(*) as n from item_districts where item_id = ${ids[0]!} and district_id = ${place} and via = 'gazetteer'`,
      ),
    ).toBe(1);
  });

  it('a re-score that lifts an item without a language into a signal band stores its language', async () => {
    const [version] = rowsOf<{ id: string }>(
      await d.db.execute(sql`select id from lexicon_versions limit 1`),
    );
    const sourceId = await makeSource(d.db, 'rescored');
    const r = await ingestBatch(d.db, {
      sourceId,
      items: [
        { ...item('l1', unrelatedText(5151)), language: null },
        { ...item('l2', unrelatedText(5152)), language: 'fr' },
      ],
    });
    const score = (k: number) => ({
      itemId: r.insertedIds[k]!,
      clusterId: r.clusterIds[k]!,
      lexiconVersionId: version!.id,
      modelId: null,
      lexiconScore: 50,
      classifierProbability: null,
      category: 'hostility',
      score: 50,
      band: 'uncertain' as const,
      thresholds: { signal: 70, uncertain: 40 },
      evidence: [],
      features: {},
      priority: 52,
      itemLanguage: 'en',
    });
    expect((await storeScores(d.db, [score(0), score(1)])).scored).toBe(2);
    const languages = rowsOf<{ external_id: string; language: string | null }>(
      await d.db.execute(
        sql`select external_id, language from items where source_id = ${sourceId} order by external_id`,
      ),
    );
    // Only a missing language is filled; a detected one is kept.
    expect(languages).toEqual([
      { external_id: 'l1', language: 'en' },
      { external_id: 'l2', language: 'fr' },
    ]);
  });

  it('refuses an unknown source and stores nothing', async () => {
    await expect(
      ingestBatch(d.db, { sourceId: 'src_missing', items: [item('x', 'some text here')] }),
    ).rejects.toThrow(/was not found/);
  });
});

describe('ingestBatch on PGlite', () => {
  it('writes through the same arrays', async () => {
    const db = await openDatabase({});
    try {
      await db.migrate();
      const sourceId = await makeSource(db.db);
      const batch = [item('a', unrelatedText(1)), item('b', unrelatedText(1)), item('c', unrelatedText(2))];
      const r = await ingestBatch(db.db, { sourceId, items: batch });
      expect(r).toMatchObject({ inserted: 3, exactDuplicates: 1, clusters: { created: 2, joined: 0 } });
      expect((await ingestBatch(db.db, { sourceId, items: batch })).inserted).toBe(0);
      expect(await count(db.db, sql`select count(*) as n from items`)).toBe(3);
    } finally {
      await db.close();
    }
  });
});
