import { existsSync } from 'node:fs';
import { error } from '@sveltejs/kit';
import { chromium } from 'playwright-core';

/**
 * Prints a workbench page to an A4 PDF with the server's Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core; never a downloaded browser). The page is loaded over HTTP from this
 * same app with the requester's own Cookie header, so the PDF shows exactly what that person may
 * see, through the same permission check and Content-Security-Policy as in their browser.
 *
 * Safety: scripts are off (the report is fully server-rendered), and every request the page makes
 * to anywhere but the app's own origin is aborted, so the session cookie cannot leave it.
 * One PDF is rendered at a time: a Chromium costs a few hundred megabytes.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 60_000;

let queue: Promise<unknown> = Promise.resolve();

export interface PdfRequest {
  /** The page to print, on this app's origin. */
  url: URL;
  /** The requester's Cookie header, passed on unchanged. */
  cookie: string;
  /** Small print at the foot of every page (plain text). */
  footer: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

async function render(req: PdfRequest): Promise<Uint8Array> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: TIMEOUT_MS,
  });
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: { width: 1240, height: 1754 },
    });
    const origin = req.url.origin;
    // The requester's cookies, scoped to this app's origin only (Chromium adds them itself).
    await context.addCookies(
      req.cookie
        .split(';')
        .map((pair) => pair.trim())
        .filter((pair) => pair.includes('='))
        .map((pair) => {
          const at = pair.indexOf('=');
          return {
            name: pair.slice(0, at),
            value: pair.slice(at + 1),
            url: origin,
            secure: req.url.protocol === 'https:',
            httpOnly: true,
            sameSite: 'Lax' as const,
          };
        }),
    );
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      new URL(route.request().url()).origin === origin ? route.continue() : route.abort(),
    );
    const response = await page.goto(req.url.toString(), { waitUntil: 'load', timeout: TIMEOUT_MS });
    // A lapsed session ends on the sign-in page: never print that as the report.
    if (!response || response.status() !== 200 || new URL(page.url()).pathname !== req.url.pathname)
      error(response?.status() === 403 ? 403 : 502, 'The report page could not be rendered for the PDF.');
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font: 8px sans-serif; color: #555; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;"><span>${escapeHtml(req.footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '12mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}

export async function renderPdf(req: PdfRequest): Promise<Uint8Array> {
  if (!existsSync(CHROMIUM_PATH))
    error(
      503,
      `PDF export needs Chromium on the server (${CHROMIUM_PATH}; on Debian: apt-get install chromium, or set CHROMIUM_PATH). Meanwhile, print the report from your browser: it is laid out for A4.`,
    );
  const run = queue.then(() => render(req));
  // The next render waits for this one whether it succeeds or fails.
  queue = run.catch(() => undefined);
  return run;
}
