/**
 * Screenshots of the workbench at 1440×900 against the built app with the demo seed, for a person
 * to look at. Skipped unless SCREENSHOTS_DIR is set:
 *   SCREENSHOTS_DIR=/tmp/counterpoint-screens TEST_DATABASE_URL=… TEST_REDIS_URL=… \
 *     pnpm exec vitest run --project integration test/support/screenshots.test.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration } from './browser.js';
import { TEST_USERS, startWebServer } from './web-server.js';

const out = process.env.SCREENSHOTS_DIR;

it.runIf(out)('takes screenshots of the main pages', async () => {
  if (!out) return;

  mkdirSync(out, { recursive: true });
  const server = await startWebServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/sign-in`);
    await waitForHydration(page);
    await page.screenshot({ path: join(out, 'sign-in.png') });
    await signInWithKeyboard(page, server.url, TEST_USERS.analyst.email, 'wrong-password');
    await page.getByRole('alert').waitFor();
    await page.screenshot({ path: join(out, 'sign-in-error.png') });
    await page.goto(`${server.url}/sign-in`);
    await signInWithKeyboard(page, server.url, TEST_USERS.admin.email, TEST_USERS.admin.password);
    await page.waitForURL(`${server.url}/`);
    for (const [name, path] of [
      ['dashboard', '/'],
      ['localities', '/localities'],
      ['admin', '/admin'],
      ['signals', '/signals'],
      ['reports', '/reports'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await waitForHydration(page);
      await page.screenshot({ path: join(out, `${name}.png`) });
      await page.screenshot({ path: join(out, `${name}-full.png`), fullPage: true });
    }
    await page.context().clearCookies();
    await page.goto(`${server.url}/sign-in`);
    await signInWithKeyboard(
      page,
      server.url,
      TEST_USERS.engagement_officer.email,
      TEST_USERS.admin.password,
    );
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin`);
    await waitForHydration(page);
    await page.screenshot({ path: join(out, 'no-access.png') });
    console.log(`Screenshots in ${out}`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
