/**
 * Screenshots of the campaign pages at 1440×900 with the demo seed, for a person to look at.
 * Skipped unless SCREENSHOTS_DIR is set (see test/support/screenshots.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { listCampaigns } from '@counterpoint/db';
import { it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration } from '../support/browser.js';
import { TEST_USERS, startWebServer } from '../support/web-server.js';

const out = process.env.SCREENSHOTS_DIR;

it.runIf(out)(
  'takes screenshots of campaigns, a campaign page and the calendar',
  async () => {
    if (!out) return;
    mkdirSync(out, { recursive: true });
    const server = await startWebServer({ demo: true });
    const browser = await launchBrowser({ width: 1440, height: 900 });
    try {
      const page = await browser.newPage();
      await signInWithKeyboard(page, server.url, TEST_USERS.supervisor.email, TEST_USERS.supervisor.password);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      const [campaign] = await listCampaigns(server.db.db);
      for (const [name, path] of [
        ['campaigns', '/campaigns'],
        ['campaign', `/campaigns/${campaign!.id}`],
        ['calendar-month', '/campaigns/calendar'],
        ['calendar-week', '/campaigns/calendar?view=week'],
        ['campaign-feeds', '/campaigns/feeds'],
        ['campaign-new', '/campaigns/new'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await waitForHydration(page);
        await page.screenshot({ path: join(out, `${name}.png`) });
        await page.screenshot({ path: join(out, `${name}-full.png`), fullPage: true });
      }
      console.log(`Screenshots in ${out}`);
      if (process.env.SHOW_SERVER_LOG) console.log(server.output());
    } finally {
      await browser.close();
      await server.stop();
    }
  },
  120_000,
);
