import { ingestBatchJob, MAX_INGEST_BATCH, newId, parseConfig } from '@counterpoint/core';
import { getSourceCursor } from '@counterpoint/db';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMastodonFixture, type MastodonFixture } from '../../../../test/fixtures/servers/mastodon.mjs';
import { defineHandler } from '../jobs/types.js';
import { buildRegistry } from '../runtime/registry.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { collectMastodon, MastodonError, type MastodonSource } from './mastodon.js';
import { collectMastodonSource, mastodonSourceFromRow } from './mastodon-collect.js';
import { SafeFetcher } from './safe-fetch.js';

const fetcher = () => new SafeFetcher({ allowHosts: ['127.0.0.1'], hostGate: { spacingMs: 0 } });

const alice = { id: '1', username: 'alice', display_name: 'Alice A.' };
const bob = { id: '2', username: 'bob', acct: 'bob@elsewhere.example', display_name: 'Bob' };

let fixture: MastodonFixture;
afterEach(async () => {
  await fixture?.close();
});

const hashtag = (tag: string): MastodonSource => ({
  instanceUrl: fixture.origin,
  timeline: { kind: 'hashtag', hashtag: tag },
});

const timelineRequests = () => fixture.requests.filter((r) => r.path.startsWith('/api/'));

describe('collectMastodon', () => {
  it('walks three pages by their Link headers on a first run, newest first, and maps every field', async () => {
    fixture = await startMastodonFixture({ tags: ['cohesion'] });
    const first = fixture.addStatus({
      account: bob,
      tags: ['cohesion'],
      content: '<p>Community <b>iftar</b> at the mosque &amp; everyone welcome</p><script>x()</script>',
      language: 'en',
      spoiler_text: 'Food',
      replies_count: 2,
      reblogs_count: 3,
      favourites_count: 4,
      media_attachments: [{ id: 'm1', type: 'image', url: `${fixture.origin}/media/1.jpg` }],
    });
    for (let i = 0; i < 99; i++)
      fixture.addStatus({ account: i % 2 ? alice : bob, tags: ['cohesion'], content: `<p>Post ${i}</p>` });

    const r = await collectMastodon(hashtag('#Cohesion'), {}, { fetcher: fetcher(), pageLimit: 40 });
    expect(r.pages).toBe(3);
    expect(r.items).toHaveLength(100);
    expect(r.complete).toBe(true);
    const newest = fixture.statuses.at(-1)!.id;
    expect(r.cursor).toBe(newest);
    // Page two and three come from rel="next" (older, by max_id), exactly as the instance linked them.
    const reqs = timelineRequests();
    expect(reqs.map((q) => q.query.max_id)).toEqual([
      undefined,
      fixture.statuses[60]!.id,
      fixture.statuses[20]!.id,
    ]);
    expect(reqs.every((q) => q.query.limit === '40')).toBe(true);
    expect(new Set(r.items.map((i) => i.externalId)).size).toBe(100);

    expect(r.items.find((i) => i.externalId === first.uri)).toEqual({
      platform: 'mastodon',
      externalId: first.uri,
      url: first.url,
      title: 'Food',
      html: first.content,
      language: 'en',
      publishedAt: first.created_at,
      author: {
        handle: 'bob@elsewhere.example',
        displayName: 'Bob',
        profileUrl: `${fixture.origin}/@bob@elsewhere.example`,
      },
      mediaUrls: [`${fixture.origin}/media/1.jpg`],
      engagement: { replies: 2, reblogs: 3, favourites: 4 },
    });
    // A local account's handle gets the instance's host, so pseudonyms never collide across instances.
    const local = r.items.find((i) => i.author?.displayName === 'Alice A.');
    expect(local?.author?.handle).toBe(`alice@${new URL(fixture.origin).host}`);
  });

  it('caps a first run at its page allowance and then resumes from the cursor, walking forward with no gap', async () => {
    fixture = await startMastodonFixture({ tags: ['t'] });
    for (let i = 0; i < 10; i++)
      fixture.addStatus({ account: alice, tags: ['t'], content: `<p>old ${i}</p>` });
    const deps = { fetcher: fetcher(), pageLimit: 3, firstRunPages: 2 };
    const one = await collectMastodon(hashtag('t'), {}, deps);
    expect(one.items.map((i) => i.html)).toEqual([
      '<p>old 9</p>',
      '<p>old 8</p>',
      '<p>old 7</p>',
      '<p>old 6</p>',
      '<p>old 5</p>',
      '<p>old 4</p>',
    ]);
    expect(one.cursor).toBe(fixture.statuses[9]!.id);

    // Nothing new: one request, nothing collected, the cursor stays.
    fixture.requests.length = 0;
    const idle = await collectMastodon(hashtag('t'), { sinceId: one.cursor }, deps);
    expect(idle).toMatchObject({ items: [], cursor: one.cursor, pages: 1, complete: true });
    expect(timelineRequests()[0]!.query.min_id).toBe(one.cursor);

    // Seven new statuses, more than a page: only they are fetched, over three pages via rel="prev".
    for (let i = 0; i < 7; i++) fixture.addStatus({ account: bob, tags: ['t'], content: `<p>new ${i}</p>` });
    fixture.requests.length = 0;
    const two = await collectMastodon(hashtag('t'), { sinceId: one.cursor }, deps);
    expect(two.items.map((i) => i.html).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `<p>new ${i}</p>`));
    expect(two.pages).toBe(3);
    expect(two.cursor).toBe(fixture.statuses[16]!.id);
    expect(timelineRequests().map((q) => q.query.min_id)).toEqual([
      one.cursor,
      fixture.statuses[12]!.id,
      fixture.statuses[15]!.id,
    ]);

    // A page cap on a later run leaves the rest for the next run, still without a gap.
    for (let i = 0; i < 5; i++) fixture.addStatus({ account: bob, tags: ['t'], content: `<p>more ${i}</p>` });
    const capped = await collectMastodon(hashtag('t'), { sinceId: two.cursor }, { ...deps, maxPages: 1 });
    expect(capped.complete).toBe(false);
    expect(capped.status).toContain('more remain for the next run');
    const rest = await collectMastodon(hashtag('t'), { sinceId: capped.cursor }, deps);
    expect([...capped.items, ...rest.items].map((i) => i.html).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `<p>more ${i}</p>`),
    );
  });

  it('reads an account timeline through lookup and collects only public statuses, not boosts', async () => {
    fixture = await startMastodonFixture();
    fixture.addAccount(alice);
    fixture.addStatus({ account: alice, content: '<p>public one</p>' });
    fixture.addStatus({ account: alice, content: '<p>unlisted</p>', visibility: 'unlisted' });
    fixture.addStatus({ account: alice, content: '<p>followers only</p>', visibility: 'private' });
    fixture.addStatus({ account: alice, content: '<p>direct</p>', visibility: 'direct' });
    fixture.addStatus({ account: alice, content: '<p>public two</p>' });
    const r = await collectMastodon(
      { instanceUrl: fixture.origin, timeline: { kind: 'account', acct: '@alice' } },
      {},
      { fetcher: fetcher() },
    );
    expect(r.items.map((i) => i.html)).toEqual(['<p>public two</p>', '<p>public one</p>']);
    expect(r.skipped).toEqual({ notPublic: 2, reblogs: 0 });
    expect(r.accountId).toBe('1');
    expect(r.status).toBe('2 public statuses in 1 page; 2 not public, skipped');
    expect(timelineRequests().map((q) => q.path)).toEqual([
      '/api/v1/accounts/lookup',
      '/api/v1/accounts/1/statuses',
    ]);
    expect(timelineRequests()[1]!.query.exclude_reblogs).toBe('true');
  });

  it('waits once for a near rate-limit reset instead of polling, using the reset header', async () => {
    fixture = await startMastodonFixture({ tags: ['t'], rateLimit: { limit: 2, windowMs: 1200 } });
    for (let i = 0; i < 9; i++) fixture.addStatus({ account: alice, tags: ['t'], content: `<p>${i}</p>` });
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((r) => setTimeout(r, ms));
    };
    const r = await collectMastodon(
      hashtag('t'),
      {},
      { fetcher: fetcher(), pageLimit: 3, firstRunPages: 3, sleep },
    );
    expect(r.items).toHaveLength(9);
    expect(r.rateLimitedUntil).toBeNull();
    // Two requests spent the budget; the third waited for the reset exactly once.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(1200);
    expect(fixture.requests.filter((q) => q.path.startsWith('/api/')).length).toBe(3);
  });

  it('stops on a distant reset with "rate limited until …", keeping what it has, and loses nothing', async () => {
    fixture = await startMastodonFixture({ tags: ['t'], rateLimit: { limit: 2, windowMs: 60 * 60_000 } });
    for (let i = 0; i < 3; i++) fixture.addStatus({ account: alice, tags: ['t'], content: `<p>a${i}</p>` });
    // One request of the budget of two (a short page ends the walk).
    const base = await collectMastodon(hashtag('t'), {}, { fetcher: fetcher() });
    for (let i = 0; i < 6; i++) fixture.addStatus({ account: alice, tags: ['t'], content: `<p>b${i}</p>` });
    const sleep = () => Promise.reject(new Error('must not wait an hour'));
    const r = await collectMastodon(
      hashtag('t'),
      { sinceId: base.cursor },
      { fetcher: fetcher(), pageLimit: 3, sleep },
    );
    expect(r.items.map((i) => i.html)).toEqual(['<p>b2</p>', '<p>b1</p>', '<p>b0</p>']);
    expect(r.rateLimitedUntil?.getTime()).toBe(fixture.rate.resetAt);
    expect(r.complete).toBe(false);
    expect(r.status).toContain(
      `rate limited by the instance until ${new Date(fixture.rate.resetAt).toISOString()}`,
    );

    // Already over budget when the run starts: the 429 answer is read the same way, nothing thrown.
    const refused = await collectMastodon(
      hashtag('t'),
      { sinceId: r.cursor },
      { fetcher: fetcher(), sleep, maxRateLimitWaitMs: 0 },
    );
    expect(refused).toMatchObject({ items: [], pages: 0, cursor: r.cursor });
    expect(refused.rateLimitedUntil?.getTime()).toBe(fixture.rate.resetAt);

    // After the reset the run carries on from the cursor: the remaining three, no gap.
    fixture.rate.resetAt = Date.now() - 1;
    const after = await collectMastodon(
      hashtag('t'),
      { sinceId: r.cursor },
      { fetcher: fetcher(), pageLimit: 3 },
    );
    expect(after.items.map((i) => i.html).sort()).toEqual(['<p>b3</p>', '<p>b4</p>', '<p>b5</p>']);
  });

  it('explains failures in plain words', async () => {
    fixture = await startMastodonFixture({ tags: ['ok'], broken: ['broken'] });
    await expect(collectMastodon(hashtag('nope'), {}, { fetcher: fetcher() })).rejects.toThrow(
      new MastodonError('not_found', `${new URL(fixture.origin).host} has no timeline for #nope (404)`),
    );
    await expect(collectMastodon(hashtag('broken'), {}, { fetcher: fetcher() })).rejects.toThrow(
      /answered with malformed JSON instead of a list of statuses/,
    );
    await expect(
      collectMastodon(
        { instanceUrl: fixture.origin, timeline: { kind: 'account', acct: 'ghost' } },
        {},
        { fetcher: fetcher() },
      ),
    ).rejects.toThrow(/There is no account @ghost on 127\.0\.0\.1:\d+ \(404\)/);
    await fixture.close();

    fixture = await startMastodonFixture({ tags: ['ok'], token: 'secret' });
    await expect(collectMastodon(hashtag('ok'), {}, { fetcher: fetcher() })).rejects.toThrow(
      /refused the request \(401\): it needs an access token, or the one given is no longer valid/,
    );
    const withToken = await collectMastodon(
      { ...hashtag('ok'), accessToken: 'secret' },
      {},
      { fetcher: fetcher() },
    );
    expect(withToken.items).toEqual([]);

    // Not allowed by the safe fetcher: the loopback refusal comes through unchanged.
    await expect(
      collectMastodon(hashtag('ok'), {}, { fetcher: new SafeFetcher({ hostGate: { spacingMs: 0 } }) }),
    ).rejects.toThrow(/loopback/);
  });
});

describe('collectMastodonSource', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('queues statuses for ingest in batches of at most MAX_INGEST_BATCH and stores the cursor after', async () => {
    fixture = await startMastodonFixture({ tags: ['big'] });
    const total = MAX_INGEST_BATCH + 20;
    for (let i = 0; i < total; i++)
      fixture.addStatus({ account: alice, tags: ['big'], content: `<p>n${i}</p>` });
    const sourceId = newId('source');
    await database.db.execute(
      `insert into sources (id, kind, name, url, query) values ('${sourceId}', 'mastodon', 'Tag', '${fixture.origin}', '#big')`,
    );
    const received: Array<{ sourceId: string; items: unknown[] }> = [];
    const registry = buildRegistry(
      [defineHandler({ contract: ingestBatchJob, handle: (p) => Promise.resolve(received.push(p)) })],
      [ingestBatchJob],
    );
    const { runner, cleanup } = makeRunner('in-process', {
      registry,
      db: database.db,
      config: parseConfig({}),
    });
    await runner.start();
    try {
      const source = mastodonSourceFromRow({ url: fixture.origin, query: '#big', config: {} });
      // Enough pages of 40 for every status on the first run.
      const deps = { fetcher: fetcher(), firstRunPages: Math.ceil(total / 40) + 1 };
      const out = await collectMastodonSource(
        database.db,
        runner.enqueue.bind(runner),
        sourceId,
        source,
        null,
        deps,
      );
      expect(out).toMatchObject({ collected: total, jobs: 2, complete: true });
      await waitFor(() => received.length === 2, 10_000, 'two ingest batches');
      expect(received.map((p) => p.items.length).sort((a, b) => a - b)).toEqual([20, MAX_INGEST_BATCH]);
      expect(received.every((p) => p.sourceId === sourceId)).toBe(true);
      expect(await getSourceCursor(database.db, sourceId)).toBe(fixture.statuses.at(-1)!.id);

      fixture.addStatus({ account: bob, tags: ['big'], content: '<p>late</p>' });
      const again = await collectMastodonSource(
        database.db,
        runner.enqueue.bind(runner),
        sourceId,
        source,
        out.cursor,
        deps,
      );
      expect(again.collected).toBe(1);
      await waitFor(() => received.length === 3, 10_000, 'third batch');
      expect(await getSourceCursor(database.db, sourceId)).toBe(fixture.statuses.at(-1)!.id);
    } finally {
      await cleanup();
    }
  });

  it('reads source rows: hashtag or account, with a token from config', () => {
    expect(mastodonSourceFromRow({ url: 'https://m.example', query: '#tag', config: {} }).timeline).toEqual({
      kind: 'hashtag',
      hashtag: '#tag',
    });
    expect(
      mastodonSourceFromRow({
        url: 'https://m.example',
        query: '@a@b.example',
        config: { accessToken: 'k' },
      }),
    ).toEqual({
      instanceUrl: 'https://m.example',
      timeline: { kind: 'account', acct: '@a@b.example', accountId: undefined },
      accessToken: 'k',
    });
    expect(() => mastodonSourceFromRow({ url: null, query: 'x', config: {} })).toThrow(
      /no Mastodon instance/,
    );
  });
});
