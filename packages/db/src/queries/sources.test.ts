import { isDomainError, newId } from '@counterpoint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Actor } from '../audit.js';
import { districts } from '../schema/geography.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  createSource,
  dueSources,
  getSource,
  listSources,
  recordCollectFailure,
  recordCollectSuccess,
  resumeSource,
  setSourceEnabled,
  updateSource,
} from './sources.js';

const ADMIN: Actor = { id: null, label: 'test' };

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isDomainError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('sources queries', () => {
  let d: TestDatabase;
  const districtId = newId('district');

  beforeAll(async () => {
    d = await createTestDatabase();
    await d.db
      .insert(districts)
      .values({ id: districtId, tier: 'district', slug: 'testshire', name: 'Testshire' });
  });
  afterAll(async () => {
    await d?.drop();
  });

  it('creates a feed source with its districts and lists it with their names', async () => {
    const s = await createSource(d.db, ADMIN, {
      kind: 'rss',
      name: 'Local paper',
      url: 'https://paper.example/feed.xml',
      districts: ['testshire'],
      intervalMinutes: 15,
    });
    expect(s.districts).toEqual([{ id: districtId, slug: 'testshire', name: 'Testshire' }]);
    const listed = await listSources(d.db);
    expect(listed.find((x) => x.id === s.id)?.districts.map((x) => x.name)).toEqual(['Testshire']);
  });

  it('refuses bad input with codes and plain messages', async () => {
    expect(
      await rejection(createSource(d.db, ADMIN, { kind: 'rss', name: 'x', url: 'file:///etc/passwd' })),
    ).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('http') as unknown });
    expect(
      await rejection(
        createSource(d.db, ADMIN, { kind: 'rss', name: 'x', url: 'https://a.example/', intervalMinutes: 1 }),
      ),
    ).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('5 minutes') as unknown });
    expect(
      await rejection(
        createSource(d.db, ADMIN, {
          kind: 'rss',
          name: 'x',
          url: 'https://a.example/',
          districts: ['nowhere'],
        }),
      ),
    ).toMatchObject({ code: 'invalid_input', message: 'No such district: nowhere.' });
    expect(await rejection(createSource(d.db, ADMIN, { kind: 'rss', name: 'x' }))).toMatchObject({
      code: 'invalid_input',
    });
    expect(
      await rejection(
        createSource(d.db, ADMIN, { kind: 'telepathy' as 'rss', name: 'x', url: 'https://a.example/' }),
      ),
    ).toMatchObject({ code: 'invalid_input' });
    // The demo replay may run more often than real sources.
    const demo = await createSource(d.db, ADMIN, { kind: 'demo', name: 'Demo', intervalMinutes: 1 });
    expect(demo.intervalMinutes).toBe(1);
    expect(await rejection(updateSource(d.db, ADMIN, 'src_missing', { name: 'y' }))).toMatchObject({
      code: 'not_found',
    });
  });

  it('finds due sources by interval since the last attempt, skipping disabled, paused and unpolled ones', async () => {
    const now = new Date();
    const a = await createSource(d.db, ADMIN, { kind: 'rss', name: 'due-a', url: 'https://a.example/f' });
    const b = await createSource(d.db, ADMIN, { kind: 'rss', name: 'due-b', url: 'https://b.example/f' });
    const push = await createSource(d.db, ADMIN, { kind: 'push', name: 'due-push' });
    await setSourceEnabled(d.db, ADMIN, b.id, false);
    let due = (await dueSources(d.db, now)).map((s) => s.id);
    expect(due).toContain(a.id);
    expect(due).not.toContain(b.id);
    expect(due).not.toContain(push.id);

    await recordCollectSuccess(d.db, a.id, {
      at: now,
      etag: '"v1"',
      lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
    });
    due = (await dueSources(d.db, new Date(now.getTime() + 14 * 60_000))).map((s) => s.id);
    expect(due).not.toContain(a.id);
    due = (await dueSources(d.db, new Date(now.getTime() + 15 * 60_000))).map((s) => s.id);
    expect(due).toContain(a.id);
    const stored = await getSource(d.db, a.id);
    expect(stored).toMatchObject({ etag: '"v1"', lastError: null, consecutiveFailures: 0 });
  });

  it('pauses a source after five failures in a row, with the reason, and resumes it', async () => {
    const s = await createSource(d.db, ADMIN, {
      kind: 'rss',
      name: 'broken',
      url: 'https://broken.example/f',
    });
    for (let i = 1; i <= 4; i++) {
      const row = await recordCollectFailure(d.db, s.id, 'The server answered 500 (Internal Server Error).');
      expect(row.consecutiveFailures).toBe(i);
      expect(row.pausedAt).toBeNull();
    }
    const paused = await recordCollectFailure(d.db, s.id, 'The address is not a feed: it is an HTML page.');
    expect(paused.consecutiveFailures).toBe(5);
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.lastError).toBe('The address is not a feed: it is an HTML page.');
    expect(paused.pausedReason).toBe(
      'Paused automatically after 5 failures in a row. Last error: The address is not a feed: it is an HTML page.',
    );
    const far = new Date(Date.now() + 24 * 3600_000);
    expect((await dueSources(d.db, far)).map((x) => x.id)).not.toContain(s.id);

    const resumed = await resumeSource(d.db, ADMIN, s.id);
    expect(resumed).toMatchObject({ pausedAt: null, pausedReason: null, consecutiveFailures: 0 });
    expect((await dueSources(d.db, far)).map((x) => x.id)).toContain(s.id);

    // Success clears the error.
    await recordCollectFailure(d.db, s.id, 'Timed out.');
    const ok = await recordCollectSuccess(d.db, s.id, {});
    expect(ok).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    expect(ok.lastSuccessAt).not.toBeNull();
  });

  it('updates a source, replacing its districts and forgetting validators for a new address', async () => {
    const s = await createSource(d.db, ADMIN, {
      kind: 'rss',
      name: 'moving',
      url: 'https://old.example/f',
      districts: [districtId],
    });
    await recordCollectSuccess(d.db, s.id, { etag: '"x"' });
    const u = await updateSource(d.db, ADMIN, s.id, { url: 'https://new.example/f', districts: [] });
    expect(u).toMatchObject({ url: 'https://new.example/f', etag: null, districts: [] });
    expect(await rejection(updateSource(d.db, ADMIN, s.id, { intervalMinutes: 2 }))).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('audits every change in an unbroken chain', async () => {
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true });
  });
});
