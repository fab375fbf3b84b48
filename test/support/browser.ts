import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core. Never downloads a browser: if /usr/bin/chromium is
 * missing, install it with `apt-get install -y chromium`.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  // A fresh profile each time: no cookies or cache leak between runs.
  const profile = mkdtempSync(join(tmpdir(), 'cp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Svelte has hydrated once the root layout's onMount has run (STACK.md trap 11). */
export async function waitForHydration(page: Page): Promise<void> {
  // A selector, not a predicate: evaluating script text in the page is what the Content Security
  // Policy forbids (no 'unsafe-eval'), so waitForFunction would fail.
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Signs in through the real form, using only the keyboard. */
export async function signInWithKeyboard(page: Page, baseUrl: string, email: string, password: string) {
  if (!page.url().includes('/sign-in')) await page.goto(`${baseUrl}/sign-in`);
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

/**
 * A new page signed in as `user` through the real form, once it has left the sign-in page. The
 * caller keeps the page to close it after the test.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<Page> {
  const page = await browser.newPage();
  await signInWithKeyboard(page, baseUrl, user.email, user.password);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** Goes to `path` on the app and waits for hydration; the navigation's response, for status checks. */
export async function openHydrated(page: Page, baseUrl: string, path: string) {
  const res = await page.goto(`${baseUrl}${path}`);
  await waitForHydration(page);
  return res;
}
