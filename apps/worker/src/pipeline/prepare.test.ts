import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decryptIdentity, hamming, newId, pseudonym } from '@counterpoint/core';
import { countAll, getItem, ingestBatch, schema, sealedIdentity } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBatch, prepareBatchInSlices } from './prepare.js';
import { captureSecrets } from './secrets.js';

const key = { key: new Uint8Array(randomBytes(32)), version: 2 };
const secret = 'worker-test-pseudonym-secret-32-chars-long';
const NOW = new Date('2025-06-01T00:00:00Z');

function raw(i: number, handle = `RealPerson${i}`) {
  return {
    platform: 'mastodon',
    externalId: `https://social.example/@x/${i}`,
    url: `https://social.example/@x/${i}?utm_source=share`,
    html: `<p>Post number ${i} about the <b>community meeting</b> on the green, and ${'word'.repeat(i % 7)} more.</p><script>x()</script>`,
    publishedAt: '2025-05-31T12:00:00Z',
    author: {
      handle: `@${handle}@social.example`,
      displayName: `Name ${handle}`,
      profileUrl: `https://social.example/@${handle}`,
    },
    engagement: { likes: i },
  };
}

describe('prepareBatch', () => {
  it('in slices gives what one pass gives: same items in order, same refusals and repeats', async () => {
    const options = { pseudonymSecret: secret, identityKey: key, sourceDistricts: ['d1'], now: NOW };
    const raws: unknown[] = Array.from({ length: 23 }, (_, i) => raw(i, `Slice${i % 4}`));
    raws.splice(5, 0, { platform: 'mastodon', externalId: 'no-text' });
    raws.push(raw(3, 'Slice3'));
    const whole = prepareBatch(raws, options);
    const sliced = await prepareBatchInSlices(raws, options, 4);
    expect(sliced).toEqual(whole);
    expect(sliced.items).toHaveLength(23);
    expect(sliced.rejected.map((r) => r.index)).toEqual([5, 24]);
  });

  it('with a scorer, detects language only for items that may become signals', () => {
    const options = { pseudonymSecret: secret, identityKey: key, sourceDistricts: [], now: NOW };
    const scored = prepareBatch([raw(1), raw(2)], {
      ...options,
      score: (item) => ({
        lexiconVersionId: 'lxv_test',
        modelId: null,
        lexiconScore: 0,
        classifierProbability: null,
        category: null,
        score: item.text.includes('number 1 ') ? 50 : 0,
        band: item.text.includes('number 1 ') ? 'uncertain' : 'below',
        thresholds: { signal: 70, uncertain: 40 },
        evidence: [],
        features: {},
      }),
    });
    expect(scored.items.map((i) => [i.language, i.score?.band])).toEqual([
      ['en', 'uncertain'],
      [null, 'below'],
    ]);
    // Without one (no lexicon active), every item's language is detected as before.
    expect(prepareBatch([raw(2)], options).items[0]).toMatchObject({ language: 'en' });
  });

  it('seals an author once per process, and again under another key', () => {
    const options = { pseudonymSecret: secret, identityKey: key, sourceDistricts: [], now: NOW };
    const a = prepareBatch([raw(1, 'Repeat')], options).items[0]!.identity!;
    const b = prepareBatch([raw(2, 'Repeat')], options).items[0]!.identity!;
    expect(b).toBe(a);
    const other = { key: new Uint8Array(randomBytes(32)), version: 3 };
    const c = prepareBatch([raw(3, 'Repeat')], { ...options, identityKey: other }).items[0]!.identity!;
    expect(c.keyVersion).toBe(3);
    expect(decryptIdentity(other, c, c.pseudonym)).toMatchObject({ handle: '@Repeat@social.example' });
  });

  it('normalises, pseudonymises and fingerprints, with no handle left in clear', () => {
    const { items, rejected } = prepareBatch([raw(1), { platform: 'mastodon', externalId: 'empty' }], {
      pseudonymSecret: secret,
      identityKey: key,
      sourceDistricts: ['dst_a'],
      now: NOW,
    });
    expect(rejected).toEqual([
      { index: 1, externalId: 'empty', reason: 'the item has no text and no title' },
    ]);
    const [item] = items;
    expect(item).toMatchObject({
      platform: 'mastodon',
      url: 'https://social.example/@x/1',
      text: 'Post number 1 about the community meeting on the green, and word more.',
      language: 'en',
      districtIds: ['dst_a'],
      nearDuplicateEligible: true,
      authorPseudonym: pseudonym(secret, 'mastodon', 'realperson1@social.example'),
    });
    expect(item!.identity!.keyVersion).toBe(2);
    expect(JSON.stringify(items)).not.toMatch(/realperson/i);
    expect(decryptIdentity(key, item!.identity!, item!.authorPseudonym!)).toEqual({
      handle: '@RealPerson1@social.example',
      displayName: 'Name RealPerson1',
      profileUrl: 'https://social.example/@RealPerson1',
    });
    // Copies of one post differ in address and case only: same hash, same fingerprint.
    const copy = prepareBatch([{ ...raw(1), externalId: 'other', html: raw(1).html.toUpperCase() }], {
      pseudonymSecret: secret,
      identityKey: key,
      sourceDistricts: [],
      now: NOW,
    }).items[0]!;
    expect(copy.textHash).toBe(item!.textHash);
    expect(hamming(copy.simhash, item!.simhash)).toBe(0);
  });
});

describe('captureSecrets', () => {
  it('uses configured secrets, and in embedded mode keeps generated ones in the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-secrets-'));
    try {
      const configured = captureSecrets({
        mode: 'production',
        COUNTERPOINT_DATA_DIR: dir,
        PSEUDONYM_SECRET: secret,
        IDENTITY_KEY: Buffer.alloc(32, 1).toString('base64'),
      });
      expect(configured.pseudonymSecret).toBe(secret);
      expect(() => captureSecrets({ mode: 'production', COUNTERPOINT_DATA_DIR: dir })).toThrow(/must be set/);
      const a = captureSecrets({ mode: 'embedded', COUNTERPOINT_DATA_DIR: dir });
      const b = captureSecrets({ mode: 'embedded', COUNTERPOINT_DATA_DIR: dir });
      expect(b.pseudonymSecret).toBe(a.pseudonymSecret);
      expect(Buffer.from(b.identityKey.key)).toEqual(Buffer.from(a.identityKey.key));
      expect(statSync(join(dir, 'capture-secrets.json')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prepareBatch → ingestBatch', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
  });
  afterAll(async () => {
    await d.drop();
  });

  it('stores a prepared batch once, pseudonymised, and retries store nothing', async () => {
    const sourceId = newId('source');
    await d.db.insert(schema.sources).values({ id: sourceId, kind: 'mastodon', name: 'Test instance' });
    const raws = Array.from({ length: 300 }, (_, i) => raw(i, `Person${i % 50}`));
    const { items } = prepareBatch(raws, {
      pseudonymSecret: secret,
      identityKey: key,
      sourceDistricts: [],
      now: NOW,
    });
    const first = await ingestBatch(d.db, { sourceId, items });
    expect(first.inserted).toBe(300);
    expect((await ingestBatch(d.db, { sourceId, items })).inserted).toBe(0);
    expect((await countAll(d.db)).items).toBe(300);
    for (const id of first.insertedIds) {
      expect(JSON.stringify(await getItem(d.db, id))).not.toMatch(/person\d/i);
    }
    const pseudonyms = new Set(items.map((i) => i.authorPseudonym));
    expect(pseudonyms.size).toBe(50);
    for (const p of pseudonyms) {
      const sealed = await sealedIdentity(d.db, p!);
      expect(decryptIdentity(key, sealed!, p!).handle).toMatch(/^@Person\d+@social\.example$/);
    }
  });
});
