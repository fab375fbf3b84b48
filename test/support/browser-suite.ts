import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, openHydrated, signedInPage, type Browser } from './browser.js';
import { TEST_USERS, startWebServer, type WebServer } from './web-server.js';

export interface BrowserSuite {
  /** The file's web server; there once the suite's `beforeAll` has run. */
  readonly server: WebServer;
  /** The file's Chromium; there once the suite's `beforeAll` has run. */
  readonly browser: Browser;
  /** A new page signed in as one of the test users (closed after the test). */
  signIn: (role: keyof typeof TEST_USERS) => Promise<Page>;
  /** Goes to a path of the server and waits for the page to hydrate. */
  open: (page: Page, path: string) => ReturnType<typeof openHydrated>;
}

/**
 * One web server and one Chromium for a browser test file: started before its tests (a file's own
 * `beforeAll`, registered after this call, runs once they are up), stopped after them; the page a
 * test signed in with is closed and the cookies cleared after each test.
 */
export function browserSuite(
  options: {
    server?: Parameters<typeof startWebServer>[0];
    viewport?: { width?: number; height?: number };
  } = {},
): BrowserSuite {
  let server: WebServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(options.server), launchBrowser(options.viewport)]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    await page?.close();
    await browser?.context.clearCookies();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it inside a test or a hook`);
    return value;
  };
  const suite: BrowserSuite = {
    get server() {
      return started(server, 'The web server');
    },
    get browser() {
      return started(browser, 'The browser');
    },
    signIn: async (role) => {
      page = await signedInPage(suite.browser, suite.server.url, TEST_USERS[role]);
      return page;
    },
    open: (p, path) => openHydrated(p, suite.server.url, path),
  };
  return suite;
}
