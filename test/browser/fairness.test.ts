import { addTerm, publishVersion, schema, SYSTEM_ACTOR } from '@counterpoint/db';
import { createTestSignal } from '@counterpoint/db/queries/signals-testing';
import { newId } from '@counterpoint/core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForHydration } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';

/**
 * Fairness monitoring in the browser, against fixture signals whose figures are worked out by hand:
 *
 *   current 28 days  term "rumour mill" (Feed A, North): 9 dismissed + 3 escalated → precision 25 %
 *                    term "great replacement" (Feed B, South): 1 dismissed + 3 escalated
 *                    2 more "rumour mill" posts (Feed B, South) not yet decided
 *                    → 18 raised, 16 decided, 10 dismissed: 62.5 % (Wilson 95 %: 38.6 %–81.5 %)
 *   previous period  1 dismissed + 1 escalated ("great replacement"; one North, one South)
 */

const suite = browserSuite({ viewport: { width: 1440, height: 900 } });
const { signIn, open } = suite;
let alphaKey = '';
const SHOTS = process.env.SCREENSHOT_DIR;
const DAY = 86_400_000;

beforeAll(async () => {
  const db = suite.server.db.db;
  const alpha = await addTerm(db, SYSTEM_ACTOR, {
    phrase: 'rumour mill',
    matchMode: 'phrase',
    weight: 0.5,
    category: 'conspiracy',
  });
  const beta = await addTerm(db, SYSTEM_ACTOR, {
    phrase: 'great replacement',
    matchMode: 'phrase',
    weight: 0.7,
    category: 'extreme_right',
  });
  await publishVersion(db, SYSTEM_ACTOR, beta.versionId);
  alphaKey = alpha.termKey;
  await db.insert(schema.districts).values([
    { id: newId('district'), tier: 'district', slug: 'north-vale', name: 'North Vale' },
    { id: newId('district'), tier: 'district', slug: 'south-vale', name: 'South Vale' },
  ]);
  const now = Date.now();
  let n = 0;
  const add = async (o: {
    term: 'alpha' | 'beta';
    status: 'dismissed' | 'escalated' | 'new';
    daysAgo: number;
    source: string;
    district: string;
  }) => {
    n++;
    const phrase = o.term === 'alpha' ? 'rumour mill' : 'great replacement';
    await createTestSignal(db, {
      text: `Post ${n}: people at the ${phrase} are talking about it again near the station.`,
      terms: [
        {
          phrase,
          termKey: o.term === 'alpha' ? alpha.termKey : beta.termKey,
          category: 'conspiracy',
          weight: 0.5,
        },
      ],
      category: o.term === 'alpha' ? 'conspiracy' : 'extreme_right',
      status: o.status,
      sourceName: o.source,
      districtSlugs: [o.district],
      createdAt: new Date(now - o.daysAgo * DAY - n * 60_000),
      ...(o.status === 'dismissed' ? { dismissReason: `Local gossip, not extremism (${n}).` } : {}),
    });
  };
  for (let i = 0; i < 12; i++)
    await add({
      term: 'alpha',
      status: i < 9 ? 'dismissed' : 'escalated',
      daysAgo: 1 + (i % 20),
      source: 'Feed A',
      district: 'north-vale',
    });
  for (let i = 0; i < 4; i++)
    await add({
      term: 'beta',
      status: i < 1 ? 'dismissed' : 'escalated',
      daysAgo: 2 + i,
      source: 'Feed B',
      district: 'south-vale',
    });
  for (let i = 0; i < 2; i++)
    await add({ term: 'alpha', status: 'new', daysAgo: 1, source: 'Feed B', district: 'south-vale' });
  await add({ term: 'beta', status: 'dismissed', daysAgo: 40, source: 'Feed B', district: 'north-vale' });
  await add({ term: 'beta', status: 'escalated', daysAgo: 41, source: 'Feed B', district: 'south-vale' });
});

const rowText = async (p: Page, table: string, name: string) =>
  (await p.getByTestId(table).locator('tr', { hasText: name }).first().innerText()).replace(/\s+/g, ' ');

describe('Admin: fairness and quality', () => {
  it('shows the rates, intervals, flagged terms and spread computed by hand', async () => {
    const p = await signIn('supervisor');
    const res = await open(p, '/admin/fairness');
    expect(res?.status()).toBe(200);
    expect(await p.getByTestId('stat-raised').innerText()).toContain('18');
    expect(await p.getByTestId('stat-decided').innerText()).toMatch(/16\s+Decided \(89 %/);
    const fp = (await p.getByTestId('stat-fp').innerText()).replace(/\s+/g, ' ');
    expect(fp).toContain('63 %');
    expect(fp).toContain('10 of 16');
    expect(fp).toContain('39 %–82 %');
    expect(await p.getByTestId('stat-flagged').innerText()).toMatch(/^1\s/);

    // "rumour mill": 3 relevant of 12 decided → 25 %, Wilson 8.9 %–53.2 %.
    const flagged = await rowText(p, 'flagged-terms', 'rumour mill');
    expect(flagged).toContain('12 3 25 %');
    expect(flagged).toContain('9 %–53 %');
    expect(await p.getByTestId('flagged-terms').locator('tr', { hasText: 'great replacement' }).count()).toBe(
      0,
    );

    // Feed A: 9 of 12 dismissed; Feed B: 1 of 4 (and 2 undecided of 6 raised).
    expect(await rowText(p, 'rates-sources', 'Feed A')).toMatch(/^Feed A 12 ?\/ 12 9 75 %/);
    expect(await rowText(p, 'rates-sources', 'Feed B')).toMatch(/^Feed B 4 ?\/ 6 1 25 %/);
    // Spread: North Vale 12 of 18 now (66.7 %) against 1 of 2 before (50 %): +16.7 points.
    expect(await rowText(p, 'spread-across-districts', 'North Vale')).toContain(
      '66.7 % (12) 50.0 % (1) +16.7',
    );

    if (SHOTS) await p.screenshot({ path: `${SHOTS}/fairness.png` });
    if (SHOTS) {
      await p.getByTestId('rates-sources').scrollIntoViewIfNeeded();
      await p.screenshot({ path: `${SHOTS}/fairness-middle.png` });
      await p.locator('#how-to-read').scrollIntoViewIfNeeded();
      await p.screenshot({ path: `${SHOTS}/fairness-lower.png` });
    }

    // Into the lexicon editor: the term carries its marker and shows dismissed examples.
    await p
      .getByTestId('flagged-terms')
      .getByRole('link', { name: /Review in the lexicon/ })
      .click();
    await p.waitForURL((u) => u.searchParams.get('edit') === alphaKey);
    await waitForHydration(p);
    expect(await p.getByTestId('review-marker').first().innerText()).toBe('review: precision 25% (12)');
    const review = (await p.getByTestId('term-review').innerText()).replace(/\s+/g, ' ');
    expect(review).toContain('3 of 12 decided signals were relevant');
    expect(review).toContain('Not relevant');
    expect(review).toMatch(/Dismissed: Local gossip, not extremism/);
    if (SHOTS) {
      await p.getByTestId('term-review').scrollIntoViewIfNeeded();
      await p.screenshot({ path: `${SHOTS}/fairness-lexicon-review.png` });
    }
  });

  it('refuses a period it does not offer with a 400, and analysts are not shown the page', async () => {
    const p = await signIn('supervisor');
    expect((await p.goto(`${suite.server.url}/admin/fairness?days=5`))?.status()).toBe(400);
    await p.close();
    await suite.browser.context.clearCookies();
    const a = await signIn('analyst');
    const res = await a.goto(`${suite.server.url}/admin/fairness`);
    expect(res?.status()).toBe(403);
  });
});
