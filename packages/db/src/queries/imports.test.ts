import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Actor } from '../audit.js';
import { listRecentAudit } from './web-shell.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  createImportJob,
  finishImportJob,
  getImportJob,
  listImportJobs,
  recordImportProgress,
} from './imports.js';
import { auditedJobRetry, ensureImportSource } from './sources-admin.js';
import { listSources } from './sources.js';

const ADMIN: Actor = { id: null, label: 'test' };

describe('import jobs and admin helpers', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('tracks an import from queued through progress to done, audited at both ends', async () => {
    const job = await createImportJob(t.db, ADMIN, {
      kind: 'items',
      fileName: 'posts.csv',
      total: 1200,
      sourceId: 'src_x',
      errors: [{ row: 4, message: 'text: the row has no text and no title' }],
    });
    expect(job).toMatchObject({ status: 'queued', processed: 0, total: 1200 });
    await recordImportProgress(t.db, job.id, 500);
    expect(await getImportJob(t.db, job.id)).toMatchObject({ status: 'running', processed: 500 });
    const done = await finishImportJob(t.db, job.id, { processed: 1200 });
    expect(done).toMatchObject({ status: 'done', processed: 1200 });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(done.errors).toEqual([{ row: 4, message: 'text: the row has no text and no title' }]);

    const failed = await createImportJob(t.db, ADMIN, { kind: 'items', total: 10 });
    const stopped = await finishImportJob(t.db, failed.id, { processed: 0, error: 'Redis is unreachable' });
    expect(stopped.status).toBe('failed');
    expect(stopped.errors.at(-1)).toEqual({ message: 'Redis is unreachable' });

    expect((await listImportJobs(t.db, { kind: 'items' })).map((j) => j.id)).toEqual([failed.id, job.id]);
    const actions = (await listRecentAudit(t.db, 10)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['import.create', 'import.finish', 'import.fail']));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('creates one import source when there is none, then reuses it', async () => {
    const first = await ensureImportSource(t.db, ADMIN);
    const again = await ensureImportSource(t.db, ADMIN);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ kind: 'import', name: 'File uploads', enabled: true });
    expect(await listSources(t.db, { kind: 'import' })).toHaveLength(1);
  });

  it('audits a retry only once it has happened', async () => {
    const job = { id: '7', queue: 'collect', name: 'collect-source', error: 'boom' };
    await expect(
      auditedJobRetry(t.db, ADMIN, job, () => Promise.reject(new Error('No failed job 7'))),
    ).rejects.toThrow('No failed job 7');
    expect((await listRecentAudit(t.db, 3)).some((a) => a.action === 'job.retry')).toBe(false);
    await auditedJobRetry(t.db, ADMIN, job, () => Promise.resolve());
    const [last] = await listRecentAudit(t.db, 1);
    expect(last).toMatchObject({ action: 'job.retry', entityId: 'collect/7' });
  });
});
