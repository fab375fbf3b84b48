/**
 * Screenshots of the risk and spaces registers at 1440×900 with the demo seed, for a person to look
 * at. Skipped unless SCREENSHOTS_DIR is set (see test/support/screenshots.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { londonDay } from '@counterpoint/core';
import { listRisks, listSpaces } from '@counterpoint/db';
import { it } from 'vitest';
import { launchBrowser, signInWithKeyboard, waitForHydration } from '../support/browser.js';
import { TEST_USERS, startWebServer } from '../support/web-server.js';

const out = process.env.SCREENSHOTS_DIR;

it.runIf(out)(
  'takes screenshots of the risk register, a risk, the spaces register and a space',
  async () => {
    if (!out) return;
    mkdirSync(out, { recursive: true });
    const server = await startWebServer({ demo: true });
    const browser = await launchBrowser({ width: 1440, height: 900 });
    try {
      const page = await browser.newPage();
      await signInWithKeyboard(page, server.url, TEST_USERS.supervisor.email, TEST_USERS.supervisor.password);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      const risks = await listRisks(server.db.db, {}, londonDay(new Date()));
      const risk = risks.find((r) => r.overdueActions > 0) ?? risks[0];
      const spaces = await listSpaces(server.db.db, {});
      const online = spaces.find((s) => s.kind === 'online') ?? spaces[0];
      for (const [name, path] of [
        ['risks', '/risks'],
        ['risk', `/risks/${risk!.id}`],
        ['risk-new', '/risks/new'],
        ['spaces', '/spaces'],
        ['space', `/spaces/${online!.id}`],
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
