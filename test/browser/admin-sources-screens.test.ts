/**
 * Screenshots of Admin → Sources, Queues and File import at 1440×900 with realistic states
 * (healthy, failing and paused sources, failed jobs, an import preview with row errors). Skipped
 * unless SCREENSHOTS_DIR is set:
 *   SCREENSHOTS_DIR=/tmp/cp-admin TEST_DATABASE_URL=… TEST_REDIS_URL=… \
 *     pnpm exec vitest run --project integration test/browser/admin-sources-screens.test.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR, createSource, recordCollectFailure, recordCollectSuccess } from '@counterpoint/db';
import { it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration } from '../support/browser.js';
import { TEST_USERS, startWebServer } from '../support/web-server.js';
import { makeFailedJobs } from './admin-sources-helpers.js';

const out = process.env.SCREENSHOTS_DIR;

it.runIf(out)('takes screenshots of Admin sources, queues and import', { timeout: 120_000 }, async () => {
  if (!out) return;
  mkdirSync(out, { recursive: true });
  const server = await startWebServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const db = server.db.db;
    const healthy = await createSource(db, SYSTEM_ACTOR, {
      kind: 'rss',
      name: 'Kent Online — local news',
      url: 'https://www.kentonline.example/rss/news.xml',
      intervalMinutes: 15,
      districts: ['maidstone', 'swale'],
    }).catch(() =>
      createSource(db, SYSTEM_ACTOR, {
        kind: 'rss',
        name: 'Kent Online — local news',
        url: 'https://www.kentonline.example/rss/news.xml',
      }),
    );
    await recordCollectSuccess(db, healthy.id, { items: 42 });
    const failing = await createSource(db, SYSTEM_ACTOR, {
      kind: 'mastodon',
      name: 'Mastodon #kentnews',
      url: 'https://mastodon.example',
      query: 'kentnews',
      config: { timeline: 'hashtag' },
    });
    await recordCollectSuccess(db, failing.id, { at: new Date(Date.now() - 3 * 3600_000) });
    for (let i = 0; i < 2; i++)
      await recordCollectFailure(
        db,
        failing.id,
        'The instance answered 429 Too Many Requests; waiting before trying again.',
      );
    const paused = await createSource(db, SYSTEM_ACTOR, {
      kind: 'rss',
      name: 'Community forum feed',
      url: 'https://forum.example.net/feed',
      intervalMinutes: 60,
    });
    for (let i = 0; i < 5; i++)
      await recordCollectFailure(
        db,
        paused.id,
        'The address resolves to a private network (10.0.0.12), which is never fetched.',
      );
    await createSource(db, SYSTEM_ACTOR, { kind: 'push', name: 'Partner monitoring service' });
    await createSource(db, SYSTEM_ACTOR, { kind: 'bluesky', name: 'Bluesky stream', query: 'kent' });
    await makeFailedJobs(server.queuePrefix, 'collect', [
      { name: 'collect-source', data: { sourceId: paused.id }, error: 'connect ETIMEDOUT 203.0.113.9:443' },
    ]);
    await makeFailedJobs(server.queuePrefix, 'ingest', [
      {
        name: 'ingest-batch',
        data: { sourceId: healthy.id, items: [] },
        error: 'Connection terminated unexpectedly (database restarted during the batch)',
      },
    ]);

    const page = await browser.newPage();
    await signInWithKeyboard(page, server.url, TEST_USERS.admin.email, TEST_USERS.admin.password);
    await page.waitForURL(`${server.url}/`);
    const shots: Array<[string, string]> = [
      ['admin-sources', '/admin/sources'],
      ['admin-source-new', '/admin/sources/new'],
      ['admin-source-edit', `/admin/sources/${failing.id}`],
      ['admin-queues', '/admin/queues'],
      ['admin-import', '/admin/import'],
    ];
    for (const [name, path] of shots) {
      await page.goto(`${server.url}${path}`);
      await waitForHydration(page);
      await page.screenshot({ path: join(out, `${name}.png`) });
      await page.screenshot({ path: join(out, `${name}-full.png`), fullPage: true });
    }
    await page.goto(`${server.url}/admin/sources/new`);
    await waitForHydration(page);
    await page.getByRole('radio', { name: /^Mastodon/ }).check();
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByText('The source was not added').waitFor();
    await page.screenshot({ path: join(out, 'admin-source-new-errors.png'), fullPage: true });

    await page.goto(`${server.url}/admin/import`);
    await waitForHydration(page);
    const csv = [
      'Post ID,Body,Link,Created at,Username,Display name',
      '1001,"Public meeting at the community centre on Friday, all welcome",https://example.org/p/1001,2026-02-01T18:00:00Z,@hallvoice,Hall Voice',
      '1002,"",https://example.org/p/1002,2026-02-01T19:00:00Z,@blank,',
      '1003,"Leaflets about the march were handed out in the high street",not-a-link,2026-02-02T09:15:00Z,@streetwatch,Street Watch',
      '1004,"Thread: why the new mosque plans are being discussed at council",https://example.org/p/1004,last Tuesday,@councilwatch,Council Watch',
      '1005,"Volunteers needed for the interfaith food bank",https://example.org/p/1005,2026-02-03T12:00:00Z,@foodbank,Food Bank',
    ].join('\n');
    await page.getByLabel('CSV or JSON Lines file').setInputFiles({
      name: 'forum-export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Read the file' }).click();
    await page.getByTestId('import-summary').waitFor();
    await page.screenshot({ path: join(out, 'admin-import-preview.png') });
    await page.screenshot({ path: join(out, 'admin-import-preview-full.png'), fullPage: true });
    await page.getByRole('button', { name: /^Import/ }).click();
    await page.locator('[data-testid="import-job"][data-status="done"]').waitFor();
    await page.screenshot({ path: join(out, 'admin-import-done-full.png'), fullPage: true });
    console.log(`Screenshots in ${out}`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
