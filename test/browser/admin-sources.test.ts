import { listImportJobs, listRecentAudit, listSources } from '@counterpoint/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { waitForHydration } from '../support/browser.js';
import { makeFailedJobs } from './admin-sources-helpers.js';
import { browserSuite } from '../support/browser-suite.js';

const suite = browserSuite();
const { signIn, open } = suite;

describe('Admin: sources', () => {
  it('lets an admin add an RSS source, refusing a bad address first, and lists it with its health', async () => {
    const p = await signIn('admin');
    await open(p, '/admin/sources');
    const sections = await p
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link')
      .allInnerTexts();
    expect(sections).toEqual(
      expect.arrayContaining(['People and audit', 'Sources', 'File import', 'Queues']),
    );
    await p.getByRole('link', { name: 'Add a source' }).click();
    await p.waitForURL(`${suite.server.url}/admin/sources/new`);
    await waitForHydration(p);
    await p.getByLabel('Name').fill('Kent local news');
    await p.getByLabel('Feed address').fill('ftp://example.org/feed');
    await p.getByRole('button', { name: 'Add source' }).click();
    await p.getByText('The source was not added').waitFor();
    expect(await p.getByText(/starting with https:\/\//).count()).toBe(1);

    await p.getByLabel('Feed address').fill('https://news.example.org/feed.xml');
    await p.getByLabel('Check every (minutes)').fill('30');
    await p.getByRole('button', { name: 'Add source' }).click();
    await p.waitForURL(/\/admin\/sources\/src_[a-z0-9]+\?added=1$/);
    await p.getByText('The source is added.').waitFor();

    await open(p, '/admin/sources');
    const row = p.getByTestId('source-row').filter({ hasText: 'Kent local news' });
    expect(await row.innerText()).toContain('https://news.example.org/feed.xml');
    expect(await row.innerText()).toContain('Every 30 min');
    expect(await row.getByTestId('source-health').innerText()).toBe('Not collected yet');

    const [source] = (await listSources(suite.server.db.db, { kind: 'rss' })).filter(
      (s) => s.name === 'Kent local news',
    );
    expect(source).toMatchObject({
      url: 'https://news.example.org/feed.xml',
      intervalMinutes: 30,
      enabled: true,
    });
    const audit = await listRecentAudit(suite.server.db.db, 20);
    expect(audit.some((a) => a.action === 'source.create')).toBe(true);
  });

  it('imports a CSV with one bad row: shows the row error first, then accepts the valid rows', async () => {
    const p = await signIn('admin');
    await open(p, '/admin/import');
    const csv = [
      'id,text,link,published,username',
      'a1,"Community meeting at the hall, all welcome",https://example.org/a1,2026-01-05T10:00:00Z,@hallvoice',
      'a2,"",https://example.org/a2,2026-01-05T11:00:00Z,@empty',
      'a3,"A second line\nin the same post",https://example.org/a3,2026-01-06T09:00:00Z,@twolines',
    ].join('\r\n');
    await p.getByLabel('CSV or JSON Lines file').setInputFiles({
      name: 'posts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${csv}`),
    });
    await p.getByRole('button', { name: 'Read the file' }).click();
    await p.getByTestId('import-summary').waitFor();
    expect(await p.getByTestId('import-summary').innerText()).toBe('2 rows ready · 1 row with problems');
    expect(await p.locator('#map-text').inputValue()).toBe('text');
    expect(await p.locator('#map-url').inputValue()).toBe('link');
    expect(await p.locator('#map-authorHandle').inputValue()).toBe('username');
    const errors = await p.getByTestId('row-errors').locator('tbody tr').allInnerTexts();
    expect(errors).toEqual([expect.stringMatching(/^3\s+Text\s+the row has no text and no title$/)]);

    await p.getByRole('button', { name: 'Import 2 rows' }).click();
    await p.getByTestId('import-started').waitFor();
    expect(await p.getByTestId('import-started').innerText()).toContain('2 rows from posts.csv accepted');
    await p.locator('[data-testid="import-job"][data-status="done"]').waitFor();
    expect(await p.getByTestId('import-progress').first().innerText()).toBe('2 of 2 rows');

    const [job] = await listImportJobs(suite.server.db.db, { kind: 'items' });
    expect(job).toMatchObject({ status: 'done', processed: 2, total: 2, fileName: 'posts.csv' });
    expect(job!.errors).toEqual([{ row: 3, message: 'text: the row has no text and no title' }]);
    const [target] = await listSources(suite.server.db.db, { kind: 'import' });
    expect(target?.name).toBe('File uploads');

    // The valid rows wait on the ingest queue as one batch, the bad row is not among them.
    const connection = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: null });
    const ingest = new Queue('ingest', { connection, prefix: suite.server.queuePrefix });
    try {
      const jobs = await ingest.getJobs(['waiting', 'prioritized']);
      expect(jobs).toHaveLength(1);
      const data = jobs[0]!.data as { sourceId: string; items: Array<{ externalId: string; text: string }> };
      expect(data.sourceId).toBe(target!.id);
      expect(data.items.map((i) => i.externalId)).toEqual(['a1', 'a3']);
      expect(data.items[1]!.text).toBe('A second line\nin the same post');
    } finally {
      await ingest.close();
      await connection.quit();
    }
  });

  it('refuses a malformed file with a clear error and imports nothing', async () => {
    const p = await signIn('admin');
    await open(p, '/admin/import');
    await p.getByLabel('CSV or JSON Lines file').setInputFiles({
      name: 'photo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]),
    });
    await p.getByRole('button', { name: 'Read the file' }).click();
    await p.getByTestId('import-problem').waitFor();
    expect(await p.getByTestId('import-problem').innerText()).toContain('photo.csv is not UTF-8 text');
    // Too large: refused before uploading, with the limit in plain words.
    await p.getByLabel('CSV or JSON Lines file').setInputFiles({
      name: 'huge.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`text\n${'a long post\n'.repeat(60_000)}`),
    });
    await p.getByRole('button', { name: /Read the file|Check again/ }).click();
    expect(await p.getByTestId('import-problem').innerText()).toContain(
      'huge.csv is larger than 480 KB, the most that can be imported at once',
    );
    expect(await listImportJobs(suite.server.db.db, { kind: 'items' })).toHaveLength(1);
  });

  it('lets an analyst see sources but not change them', async () => {
    const p = await signIn('analyst');
    await open(p, '/admin/sources');
    expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe('Sources');
    expect(await p.getByRole('link', { name: 'Add a source' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: /Switch off|Collect now|Resume/ }).count()).toBe(0);

    // The refusal page is served at the refused address, with status 403.
    const refused = await p.goto(`${suite.server.url}/admin/sources/new`);
    expect(refused?.status()).toBe(403);
    const [source] = await listSources(suite.server.db.db);
    const edit = await p.goto(`${suite.server.url}/admin/sources/${source!.id}`);
    expect(edit?.status()).toBe(403);
    for (const action of ['setEnabled', 'resume', 'collect']) {
      const res = await p.request.post(`${suite.server.url}/admin/sources?/${action}`, {
        form: { id: source!.id, enabled: 'false' },
        headers: { origin: suite.server.url, accept: 'application/json' },
      });
      expect(res.status(), action).toBe(403);
    }
    const queues = await p.goto(`${suite.server.url}/admin/queues`);
    expect(queues?.status()).toBe(403);
    // Unchanged.
    const [after] = await listSources(suite.server.db.db);
    expect(after!.enabled).toBe(source!.enabled);
  });

  it('shows queue counts and failures, and retries a failed job', async () => {
    const [id] = await makeFailedJobs(suite.server.queuePrefix, 'collect', [
      {
        name: 'collect-source',
        data: { sourceId: 'src_missing' },
        error: 'The feed answered 503 Service Unavailable',
      },
    ]);
    const p = await signIn('admin');
    await open(p, '/admin/queues');
    const collect = p.getByTestId('queue-collect');
    expect(await collect.innerText()).toMatch(/Failed\s+1/);
    const row = p.getByTestId('failed-job').filter({ hasText: id! });
    expect(await row.innerText()).toContain('The feed answered 503 Service Unavailable');
    await row.getByRole('button', { name: /Retry/ }).click();
    await p.getByText(`collect-source (job ${id}) is back on the collect queue.`).waitFor();
    expect(await p.getByTestId('failed-job').count()).toBe(0);
    expect(await collect.innerText()).toMatch(/Waiting\s+1/);
    const audit = await listRecentAudit(suite.server.db.db, 5);
    expect(audit.some((a) => a.action === 'job.retry')).toBe(true);
  });
});
