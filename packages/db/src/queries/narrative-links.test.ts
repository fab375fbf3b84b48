import { newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { escalationRoutes } from '../schema/escalations.js';
import { narratives, narrativeSignals } from '../schema/narratives.js';
import { signals } from '../schema/triage.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { linkSignalToNarrative, narrativeChoices } from './narrative-links.js';
import { createTestSignal } from './signals-testing.js';
import { claimSignal, escalateSignal } from './triage.js';
import { createUser } from './users.js';

let t: TestDatabase;
let alex: { id: string; label: string };
let sam: { id: string; label: string };
let narrativeId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const pw = 'correct-horse-battery-staple';
  const a = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'alex@example.org',
    name: 'Alex',
    role: 'analyst',
    password: pw,
  });
  const s = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'sam@example.org',
    name: 'Sam',
    role: 'analyst',
    password: pw,
  });
  alex = { id: a.id, label: a.email };
  sam = { id: s.id, label: s.email };
  narrativeId = newId('narrative');
  await t.db
    .insert(narratives)
    .values({ id: narrativeId, title: 'Hotel “invasion” rumours', category: 'anti_minority' });
});

afterAll(async () => {
  await t?.drop();
});

describe('adding signals to a narrative', () => {
  it('links an open signal, marks it linked, and dates the narrative from it', async () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const s = await createTestSignal(t.db, {
      text: 'They are filling the Harlowby hotel again.',
      createdAt: at,
    });
    const out = await linkSignalToNarrative(t.db, alex, s.id, narrativeId);
    expect(out.statusChanged).toBe(true);
    const [row] = await t.db.select().from(signals).where(eq(signals.id, s.id));
    expect(row).toMatchObject({ status: 'linked', assigneeId: alex.id });
    expect(row?.firstReviewedAt).not.toBeNull();
    const [n] = await t.db.select().from(narratives).where(eq(narratives.id, narrativeId));
    expect(n?.firstSeenAt?.toISOString()).toBe(at.toISOString());
    const links = await t.db.select().from(narrativeSignals).where(eq(narrativeSignals.signalId, s.id));
    expect(links).toHaveLength(1);
    expect((await narrativeChoices(t.db)).find((c) => c.id === narrativeId)?.signals).toBe(1);
  });

  it('refuses a signal someone else is reviewing', async () => {
    const s = await createTestSignal(t.db, { text: 'Another post about the hotel.' });
    await claimSignal(t.db, sam, s.id);
    await expect(linkSignalToNarrative(t.db, alex, s.id, narrativeId)).rejects.toMatchObject({
      code: 'conflict',
    });
    const links = await t.db.select().from(narrativeSignals).where(eq(narrativeSignals.signalId, s.id));
    expect(links).toHaveLength(0);
  });

  it('adds an escalated signal without changing its status, once', async () => {
    const s = await createTestSignal(t.db, { text: 'A third post about the hotel.' });
    const routeId = newId('route');
    await t.db.insert(escalationRoutes).values({
      id: routeId,
      name: 'Platform report',
      kind: 'platform_report',
      contact: 'trust@example.org',
      expectedResponseHours: 48,
      packageContents: ['excerpt', 'link'],
    });
    await escalateSignal(t.db, alex, s.id, { routeId, reason: 'Coordinated rumour, report it' });
    expect((await linkSignalToNarrative(t.db, alex, s.id, narrativeId)).statusChanged).toBe(false);
    const [row] = await t.db.select({ status: signals.status }).from(signals).where(eq(signals.id, s.id));
    expect(row?.status).toBe('escalated');
    await expect(linkSignalToNarrative(t.db, alex, s.id, narrativeId)).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('names a narrative that no longer exists', async () => {
    const s = await createTestSignal(t.db, { text: 'A fourth post.' });
    await expect(linkSignalToNarrative(t.db, alex, s.id, 'nar_missing')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
