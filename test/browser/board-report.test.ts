import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getUserByEmail } from '@counterpoint/db';
import { plantBoardFixture } from '@counterpoint/db/queries/board-report-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_ACTION_RULES, ROUTE_RULES } from '../../apps/web/src/lib/server/routes.js';
import { launchBrowser, signInWithKeyboard, waitForHydration } from '../support/browser.js';
import { actionUrl, postAction, sampleUrl, signInCookie } from '../support/http.js';
import { TEST_USERS, startWebServer, type WebServer } from '../support/web-server.js';

/**
 * The board report over HTTP against the built app: the HTML and every CSV hold the same numbers,
 * the ZIP holds every CSV, the PDF is a real A4 document with the report's text, and a board
 * viewer lands on the report and is refused every other page and form action. The figures
 * themselves are counted by hand in packages/db/src/queries/board-report.test.ts on the same
 * fixture.
 */

/** With SCREENSHOTS_DIR set, the PDF, its pages as PNGs and the page at 1440×900 are kept there. */
const out = process.env.SCREENSHOTS_DIR;

const QUERY = 'period=custom&from=2026-10-01&to=2026-10-31&area=county';

let server: WebServer;
let board: string;
let work: string;

beforeAll(async () => {
  server = await startWebServer();
  const sam = await getUserByEmail(server.db.db, TEST_USERS.supervisor.email);
  await plantBoardFixture(server.db.db, sam!.id);
  board = await signInCookie(server, TEST_USERS.board_viewer.email, TEST_USERS.board_viewer.password);
  work = mkdtempSync(join(tmpdir(), 'cp-board-'));
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function get(path: string, cookie: string | null = board) {
  return fetch(`${server.url}${path}`, {
    redirect: 'manual',
    headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
  });
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The report tables in the page: id → [header, ...rows (with the totals row)] of raw values. */
function htmlTables(html: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const blocks = html.split(/data-table="/).slice(1);
  for (const block of blocks) {
    const id = block.slice(0, block.indexOf('"'));
    const body = block.slice(0, block.indexOf('</table>') + 1 || undefined);
    const header = [...body.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
      decode(m[1]!.trim()),
    );
    const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
      .map((m) => [...m[1]!.matchAll(/data-value="([^"]*)"/g)].map((v) => decode(v[1]!)))
      .filter((r) => r.length > 0);
    out.set(id, body.includes('<table') ? [header, ...rows] : []);
  }
  return out;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** What the CSV must hold for a value the page shows: text that looks like a formula is guarded. */
const asCsv = (v: string) => (/^[=+\-@\t\r]/.test(v) && Number.isNaN(Number(v)) ? `'${v}` : v);

describe('board report', () => {
  let html: string;
  let tables: Map<string, string[][]>;

  beforeAll(async () => {
    const res = await get(`/reports?${QUERY}`);
    expect(res.status).toBe(200);
    html = await res.text();
    tables = htmlTables(html);
  });

  it('shows the fixture’s figures with the period and area', () => {
    expect(html).toContain('Elmshire · October 2026');
    expect(tables.get('headline')?.[1]).toEqual(['Signals raised', '5', '3', '66.7']);
    expect(tables.get('signals-by-category-district')?.at(-1)).toEqual(['Total', '2', '3', '1', '5']);
    expect(tables.get('escalations')?.at(-1)).toEqual(['Total', '', '1', '1', '1', '1', '3']);
    expect(tables.get('training')?.[1]).toEqual(['Education', '1', '30', '']);
  });

  it('every table has a CSV holding the same numbers as the page', async () => {
    expect([...tables.keys()].sort()).toEqual(
      [
        'campaigns',
        'engagements',
        'escalations',
        'first-review',
        'headline',
        'narratives',
        'overdue-actions',
        'risk-changes',
        'signals-by-category-district',
        'training',
      ].sort(),
    );
    for (const [id, rows] of tables) {
      const res = await get(`/reports/csv/${id}?${QUERY}`);
      expect(res.status, id).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain(
        `board-report_county_2026-10-01_2026-10-31_${id}.csv`,
      );
      const csv = parseCsv(await res.text());
      expect(csv, id).toEqual(rows.map((r) => r.map(asCsv)));
      expect(csv.length, `${id} has figures`).toBeGreaterThan(1);
    }
    // The per-day figures behind the chart are a CSV too: 31 days and a total.
    const days = parseCsv(await (await get(`/reports/csv/signals-by-day?${QUERY}`)).text());
    expect(days).toHaveLength(33);
    expect(days.at(-1)).toEqual(['Total', '2', '2', '1', '5']);
  });

  it('a title that looks like a formula opens as text in the CSV', async () => {
    await server.db.db.execute(
      `insert into narratives (id, title, status, created_at) values ('narrative_formula', '=HYPERLINK("http://x")', 'emerging', '2026-10-12T10:00:00Z')`,
    );
    const res = await get(`/reports/csv/narratives?${QUERY}`);
    const text = await res.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const page = htmlTables(await (await get(`/reports?${QUERY}`)).text());
    expect(parseCsv(text)).toEqual(page.get('narratives')!.map((r) => r.map(asCsv)));
  });

  it('all tables download as one ZIP holding the same CSVs', async () => {
    const res = await get(`/reports/csv/all?${QUERY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const file = join(work, 'all.zip');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    const names = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(names).toHaveLength(11);
    const name = 'board-report_county_2026-10-01_2026-10-31_escalations.csv';
    expect(names).toContain(name);
    const inside = spawnSync('unzip', ['-p', file, name], { encoding: 'utf8' }).stdout;
    expect(inside).toBe(await (await get(`/reports/csv/escalations?${QUERY}`)).text());
  });

  it('the PDF is the report printed on A4', async () => {
    const res = await get(`/reports/pdf?${QUERY}`);
    expect(
      res.status,
      await res
        .clone()
        .text()
        .then((t) => t.slice(0, 300)),
    ).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(out ?? work, 'board-report.pdf');
    writeFileSync(file, bytes);
    // For a person to look at: each page as an image beside the PDF.
    if (out) spawnSync('pdftoppm', ['-png', '-r', '70', file, join(out, 'board-report-pdf')]);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    if (info.status === 0) {
      const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      // A4 is 595 × 842 points.
      expect(info.stdout).toMatch(/Page size:.*\(A4\)/);
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('Counterpoint board report');
      expect(text).toContain('Elmshire');
      expect(text).toContain('Signals by category and district');
      expect(text).toContain('Convene faith leaders');
      // No navigation or controls in print.
      expect(text).not.toContain('Sign out');
      expect(text).not.toContain('Show report');
    } else {
      // Without poppler, at least one page object must be there.
      expect(bytes.toString('latin1')).toMatch(/\/Type\s*\/Page[^s]/);
    }
  });

  it.runIf(out)('screenshots of the report at 1440×900', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${server.url}/sign-in`);
      await waitForHydration(page).catch((e: unknown) => {
        throw new Error(`${String(e)}\n${errors.join('\n')}`);
      });
      await signInWithKeyboard(
        page,
        server.url,
        TEST_USERS.board_viewer.email,
        TEST_USERS.board_viewer.password,
      );
      await page.waitForURL(`${server.url}/reports`);
      await page.goto(`${server.url}/reports?${QUERY}`);
      await waitForHydration(page).catch((e: unknown) => {
        throw new Error(`${String(e)}\n${errors.join('\n')}`);
      });
      await page.screenshot({ path: join(out!, 'board-report.png') });
      await page.screenshot({ path: join(out!, 'board-report-full.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('refuses a bad period or area with a clear 400, and an unknown table with a 404', async () => {
    const backwards = await get('/reports?period=custom&from=2026-10-05&to=2026-10-01');
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain('The end date must be on or after the start date.');
    expect((await get('/reports?area=atlantis')).status).toBe(400);
    expect((await get('/reports?period=fortnight')).status).toBe(400);
    expect((await get(`/reports/csv/nothing?${QUERY}`)).status).toBe(404);
    expect((await get(`/reports/pdf?period=custom&from=2026-10-01`)).status).toBe(400);
  });
});

describe('board viewers see the report and nothing else', () => {
  it('land on the report after signing in, with only the report in the navigation', async () => {
    const res = await fetch(`${server.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: server.url,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        email: TEST_USERS.board_viewer.email,
        password: TEST_USERS.board_viewer.password,
      }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/reports');
    const page = await (await get('/reports')).text();
    const nav = /<nav class="main-nav[^"]*"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
    expect([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/reports']);
    // The brand and breadcrumb lead to the report, not to a refused dashboard.
    expect(page).toMatch(/class="brand[^"]*" href="\/reports"/);
  });

  it('are refused every other page', async () => {
    const wrong: string[] = [];
    for (const [routeId, { rule }] of Object.entries(ROUTE_RULES)) {
      if (rule === 'public' || rule === 'signed-in') continue;
      const url = sampleUrl(routeId);
      const res = await get(url);
      const mine = rule === 'reports:view';
      if (mine !== url.startsWith('/reports')) wrong.push(`${url} has rule ${rule}`);
      if (!mine && res.status !== 403) wrong.push(`GET ${url} → ${res.status}, expected 403`);
      await res.body?.cancel();
    }
    expect(wrong).toEqual([]);
  });

  it('are refused every form action', async () => {
    const wrong: string[] = [];
    for (const [key, rule] of Object.entries(FORM_ACTION_RULES)) {
      if (rule === 'public' || key.startsWith('/sign-out')) continue;
      const answer = await postAction(server, actionUrl(key), board);
      if (answer.status !== 403) wrong.push(`POST ${actionUrl(key)} → ${answer.status}, expected 403`);
    }
    expect(wrong).toEqual([]);
  });
});
