import {
  activateModel,
  importLabelledLines,
  listVersions,
  rowsOf,
  storeCandidateModel,
  SYSTEM_ACTOR,
} from '@counterpoint/db';
import { insertTestItems } from '@counterpoint/db/queries/lexicon-fixtures';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForHydration } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';

const SHOTS = process.env.SCREENSHOT_DIR;
const suite = browserSuite({ server: { demo: true }, viewport: { width: 1440, height: 1000 } });
const { signIn, open } = suite;

async function shot(p: Page, name: string, at?: string) {
  if (!SHOTS) return;
  if (at) await p.locator(at).first().scrollIntoViewIfNeeded();
  await p.screenshot({ path: `${SHOTS}/${name}.png` });
}

const metrics = (acc: number) => ({
  n: 40,
  labels: ['not_relevant', 'relevant'],
  accuracy: acc,
  macroF1: acc - 0.02,
  weightedF1: acc - 0.01,
  perClass: {
    not_relevant: { precision: acc, recall: acc - 0.05, f1: acc - 0.03, support: 22 },
    relevant: { precision: acc - 0.04, recall: acc, f1: acc - 0.02, support: 18 },
  },
});

describe('Admin: lexicon', () => {
  it('edits a term into a draft with field errors, dry-runs it, publishes it, and shows who did what', async () => {
    await insertTestItems(suite.server.db.db, [
      { text: 'Leaflets about the so-called invasion left at Harlowby station' },
      { text: 'A lovely bake sale at the village hall' },
    ]);
    const p = await signIn('supervisor');
    await open(p, '/admin/lexicon');
    expect(
      await p.getByRole('navigation', { name: 'Admin sections' }).getByRole('link').allInnerTexts(),
    ).toContain('Lexicon');
    expect(await p.locator('table.data tbody tr').count()).toBeGreaterThan(10);

    await p.getByRole('link', { name: 'Add a term' }).click();
    await p.waitForURL(/edit=new/);
    await waitForHydration(p);
    await p.getByLabel('Word, phrase or pattern').fill('invasion');
    await p.getByLabel('Match', { exact: true }).selectOption('word');
    await p.getByLabel('Weight').fill('2');
    await p.getByLabel('Category', { exact: true }).fill('anti_minority');
    await p.getByRole('button', { name: 'Add to a new draft' }).click();
    await p.getByText('The term was not saved').waitFor();
    expect(await p.locator('#term-weight-error').innerText()).toBe('The weight must be at most 1.');

    await p.getByLabel('Weight').fill('0.6');
    await p.getByLabel('Not counted near these words').fill('normandy; history');
    await p.getByRole('button', { name: 'Dry run this change' }).click();
    await p.getByRole('heading', { name: /Dry run: this change/ }).waitFor();
    const counts = await p.getByLabel('Dry run counts').innerText();
    expect(counts).toMatch(/1\s*Would newly flag/);
    expect(await p.locator('#dry-run mark').first().innerText()).toBe('invasion');
    await shot(p, 'lexicon-dry-run');

    await shot(p, 'lexicon-editor', '#editor-title');
    await p.getByRole('button', { name: 'Add to a new draft' }).click();
    await p.getByText(/“invasion” added in draft version 2/).waitFor();
    await p.getByRole('heading', { name: /Changes waiting to be published: v1 → v2/ }).waitFor();
    await p.getByRole('button', { name: 'Publish version 2' }).click();
    await p.getByText('Version 2 is now active').waitFor();
    await shot(p, 'lexicon');
    await shot(p, 'lexicon-history', '#history-title');

    const versions = await listVersions(suite.server.db.db);
    expect(versions.slice(0, 2).map((v) => [v.number, v.status, v.createdBy, v.publishedBy])).toEqual([
      [2, 'published', 'Sam Patel', 'Sam Patel'],
      [1, 'superseded', null, null],
    ]);
    const history = await p.getByRole('table', { name: 'Lexicon versions, newest first' }).innerText();
    expect(history).toContain('Sam Patel');
    expect(history).toContain('Added “invasion”');
  });

  it('previews a CSV import with per-row errors before applying it, and exports CSV', async () => {
    const p = await signIn('supervisor');
    await open(p, '/admin/lexicon');
    const csv = [
      'phrase,match_mode,weight,category,suppress_near',
      '"replacement, great",phrase,0.5,conspiracy,report',
      'zz*,pattern,0.5,conspiracy,',
    ].join('\r\n');
    await p
      .getByLabel('CSV file')
      .setInputFiles({ name: 'terms.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByRole('button', { name: 'Preview the import' }).click();
    await p.getByText('Preview of terms.csv').waitFor();
    const rows = await p
      .getByRole('table', { name: 'Rows of the file and what importing would do' })
      .innerText();
    expect(rows).toMatch(/3\s+zz\*[\s\S]*Error[\s\S]*at least 3 letters/);
    expect(await p.getByRole('button', { name: /^Import/ }).count()).toBe(0);

    await p.getByLabel('CSV file').setInputFiles({
      name: 'terms.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.split('\r\n').slice(0, 2).join('\r\n')),
    });
    await p.getByRole('button', { name: 'Preview the import' }).click();
    await p.getByRole('button', { name: 'Import 1 term as a new draft' }).click();
    await p.getByText(/Imported terms.csv as draft version \d+: 1 added/).waitFor();

    const res = await p.request.get(`${suite.server.url}/admin/lexicon/export`);
    expect(res.headers()['content-type']).toContain('text/csv');
    expect((await res.text()).split('\r\n')[0]).toBe(
      'term_key,phrase,match_mode,weight,category,language,suppress_near,require_any,window,owner_email,rationale,review_on,status',
    );
  });

  it('lets an analyst read the lexicon but not change it', async () => {
    const p = await signIn('analyst');
    await open(p, '/admin/lexicon');
    expect(await p.getByRole('link', { name: 'Add a term' }).count()).toBe(0);
    const res = await p.request.post(`${suite.server.url}/admin/lexicon?/publish`, {
      form: { versionId: 'x' },
      headers: { origin: suite.server.url },
    });
    expect(res.status()).toBe(403);
  });
});

describe('Admin: models', () => {
  it('queues a retrain on the worker’s queue and activates a candidate after the side-by-side comparison', async () => {
    const db = suite.server.db.db;
    const artefact = { format: 'counterpoint-linear-v1' };
    const old = await storeCandidateModel(db, SYSTEM_ACTOR, {
      artefact,
      metrics: metrics(0.78),
      trainingData: {
        examples: 180,
        labelCounts: { relevant: 80, not_relevant: 100 },
        sources: { analyst: 180 },
      },
      labelCount: 180,
      trainedBy: null,
    });
    await activateModel(db, SYSTEM_ACTOR, old.id);
    const next = await storeCandidateModel(db, SYSTEM_ACTOR, {
      artefact,
      metrics: metrics(0.84),
      trainingData: {
        examples: 240,
        labelCounts: { relevant: 110, not_relevant: 130 },
        sources: { analyst: 200, import: 40 },
      },
      labelCount: 240,
      trainedBy: null,
    });

    await importLabelledLines(db, SYSTEM_ACTOR, {
      fileName: 'labelled.jsonl',
      lines: Array.from({ length: 40 }, (_, i) => ({
        id: String(i),
        text: `example ${i}`,
        label: i % 2 ? 'relevant' : 'not_relevant',
      })),
    });
    const p = await signIn('supervisor');
    await open(p, '/admin/models');
    await p.getByRole('heading', { name: 'Side by side' }).waitFor();
    expect(await p.getByRole('heading', { name: 'Candidate: version 2' }).count()).toBe(1);
    expect(await p.getByRole('heading', { name: 'Active now: version 1' }).count()).toBe(1);

    await p.getByRole('button', { name: 'Retrain' }).click();
    await p.getByText('Training has started in the worker').waitFor();
    await p.getByText('Waiting for a worker…').waitFor();
    const connection = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: null });
    const score = new Queue('score', { connection, prefix: suite.server.queuePrefix });
    try {
      const jobs = await score.getJobs(['waiting', 'prioritized']);
      expect(jobs.map((j) => j.name)).toEqual(['retrain']);
    } finally {
      await score.close();
      await connection.quit();
    }
    await shot(p, 'models-compare');

    await p.getByRole('link', { name: 'Make version 2 active…' }).click();
    await p.getByRole('heading', { name: 'Make version 2 active?' }).waitFor();
    await waitForHydration(p);
    const confirm = p.getByRole('button', { name: 'Make version 2 active' });
    expect(await confirm.isDisabled()).toBe(true);
    await p.getByLabel(/I have compared the two models/).check();
    await shot(p, 'models-confirm');
    await confirm.click();
    await p.getByText('Model version 2 is now active').waitFor();
    const [row] = rowsOf<{ status: string; activated_by: string | null }>(
      await db.execute(`select status, activated_by from classifier_models where id = '${next.id}'`),
    );
    expect(row!.status).toBe('active');
    expect(row!.activated_by).toBeTruthy();
  });
});
