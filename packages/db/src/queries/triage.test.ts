import { DomainError } from '@counterpoint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { ensureReferenceData } from '../reference.js';
import { createUser } from './users.js';
import { createTestSignal } from './signals-testing.js';
import { listQueue, countQueue } from './signals.js';
import { claimSignal, dismissSignal, labelSignal } from './triage.js';
import { getSignalDetail, signalTimeline } from './signals-detail.js';

let t: TestDatabase;
let alex: { id: string; label: string };
let sam: { id: string; label: string };

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const pw = 'correct-horse-battery-staple';
  const a = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'a@example.org',
    name: 'Alex',
    role: 'analyst',
    password: pw,
  });
  const s = await createUser(t.db, SYSTEM_ACTOR, {
    email: 's@example.org',
    name: 'Sam',
    role: 'analyst',
    password: pw,
  });
  alex = { id: a.id, label: a.email };
  sam = { id: s.id, label: s.email };
});

afterAll(async () => {
  await t?.drop();
});

describe('triage queries', () => {
  it('lets exactly one of two simultaneous claims win', async () => {
    const { id } = await createTestSignal(t.db, { text: 'race', score: 50 });
    const results = await Promise.allSettled([claimSignal(t.db, alex, id), claimSignal(t.db, sam, id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DomainError);
    expect((lost.reason as DomainError).code).toBe('conflict');
    const d = await getSignalDetail(t.db, id);
    expect(d?.status).toBe('in_review');
    expect(d?.firstReviewedAt).toBeInstanceOf(Date);
  });

  it('needs a reason to dismiss and records it in the timeline', async () => {
    const { id, itemId } = await createTestSignal(t.db, { text: 'dismiss me', score: 40 });
    await expect(dismissSignal(t.db, alex, id, '  ')).rejects.toMatchObject({ code: 'invalid_input' });
    await labelSignal(t.db, alex, id, { relevant: false });
    await labelSignal(t.db, alex, id, { relevant: true, correctedCategory: 'violence' });
    await dismissSignal(t.db, alex, id, 'Local satire account.');
    const d = await getSignalDetail(t.db, id);
    const timeline = await signalTimeline(t.db, { id, itemId, clusterId: d!.cluster.id });
    expect(timeline.map((e) => e.action)).toEqual(['signal.dismissed', 'signal.labelled', 'signal.labelled']);
    await expect(claimSignal(t.db, sam, id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it("shows each row's source, score, cluster size and assignee", async () => {
    const { id } = await createTestSignal(t.db, {
      text: 'row details',
      score: 91,
      category: 'violence',
      sourceName: 'Row details feed',
      clusterSize: 4,
    });
    await claimSignal(t.db, sam, id);
    const page = await listQueue(t.db, { status: 'in_review', category: 'violence' });
    expect(page.rows.find((r) => r.id === id)).toMatchObject({
      sourceName: 'Row details feed',
      score: 91,
      clusterSize: 4,
      districts: [],
      assigneeId: sam.id,
      assigneeName: 'Sam',
    });
  });

  it('pages by keyset through equal priorities without loss or repeats', async () => {
    const made = new Set<string>();
    for (let i = 0; i < 23; i++)
      made.add((await createTestSignal(t.db, { text: `tie ${i}`, score: 77, category: 'islamist' })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listQueue(t.db, { status: 'new', category: 'islamist' }, cursor, 5);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen)).toEqual(made);
    expect((await countQueue(t.db, { category: 'islamist' })).new).toBe(23);
  });
});
