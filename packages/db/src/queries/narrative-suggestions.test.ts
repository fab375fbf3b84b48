import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { proposeNarratives, suggestSignals } from './narrative-suggestions.js';
import { createNarrative } from './narratives.js';
import { addTestCopies, createTestSignal } from './signals-testing.js';
import { dismissSignal } from './triage.js';
import { createUser } from './users.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

let t: TestDatabase;
let alex: { id: string; label: string };

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const u = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'alex@example.org',
    name: 'Alex',
    role: 'analyst',
    password: 'correct-horse-battery-staple',
  });
  alex = { id: u.id, label: u.email };
}, 30_000);

afterAll(async () => {
  await t?.drop();
});

const HOTEL =
  'The council has filled the Harlowby Grange hotel with migrants again and nobody asked the town about it';

describe('suggested signals', () => {
  it('finds near copies, shared lexicon terms and similar wording, and says why', async () => {
    const seed = await createTestSignal(t.db, {
      text: HOTEL,
      terms: [{ phrase: 'migrants', category: 'anti_minority', weight: 0.4 }],
    });
    const { id } = await createNarrative(t.db, alex, {
      title: 'Hotel rumours',
      summary: '',
      category: 'anti_minority',
      districtIds: [],
      signalIds: [seed.id],
    });
    // Reworded a little: a near copy the clustering (3 bits) kept apart.
    const copy = await createTestSignal(t.db, {
      text: 'The council has filled the Harlowby Grange hotel with migrants again and nobody asked the town about this',
    });
    const term = await createTestSignal(t.db, {
      text: 'Boats of migrants every week on the news.',
      terms: [{ phrase: 'migrants', category: 'anti_minority', weight: 0.4 }],
    });
    const similar = await createTestSignal(t.db, {
      text: 'Harlowby Grange hotel taken over by the council, town never asked',
    });
    const unrelated = await createTestSignal(t.db, {
      text: 'Cake sale at the village hall on Sunday, all welcome.',
    });
    const dismissed = await createTestSignal(t.db, { text: HOTEL + ' at all' });
    await dismissSignal(t.db, alex, dismissed.id, 'Already handled elsewhere');

    const got = await suggestSignals(t.db, id);
    const ids = got.map((g) => g.id);
    expect(ids).toContain(copy.id);
    expect(ids).toContain(term.id);
    expect(ids).toContain(similar.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(dismissed.id);
    expect(ids).not.toContain(seed.id);
    // The near copy leads.
    expect(ids[0]).toBe(copy.id);
    const kinds = (sid: string) => got.find((g) => g.id === sid)!.reasons.map((r) => r.kind);
    expect(kinds(copy.id)).toContain('near_copy');
    expect(kinds(term.id)).toContain('terms');
    expect(got.find((g) => g.id === term.id)!.reasons).toContainEqual({ kind: 'terms', terms: ['migrants'] });
    expect(kinds(similar.id)).toEqual(['similar']);
  });

  it('suggests nothing for a narrative with no signals', async () => {
    const { id } = await createNarrative(t.db, alex, {
      title: 'Empty',
      summary: '',
      category: null,
      districtIds: [],
    });
    expect(await suggestSignals(t.db, id)).toEqual([]);
  });
});

describe('proposed narratives', () => {
  it('proposes a spreading cluster that belongs to no narrative, and not a fading or linked one', async () => {
    const growing = await createTestSignal(t.db, {
      text: 'Flyers about a march in Saltmere',
      createdAt: ago(12),
    });
    await addTestCopies(t.db, growing.id, [ago(10), ago(3), ago(2), ago(1), ago(0.5)]);
    const fading = await createTestSignal(t.db, {
      text: 'An old chain post about the bypass',
      createdAt: ago(13),
    });
    await addTestCopies(t.db, fading.id, [ago(12), ago(11), ago(10), ago(9), ago(3), ago(2), ago(1)]);
    const linked = await createTestSignal(t.db, {
      text: 'A chain post already in a narrative',
      createdAt: ago(2),
    });
    await addTestCopies(t.db, linked.id, [ago(2), ago(1), ago(1)]);
    await createNarrative(t.db, alex, {
      title: 'Chain posts',
      summary: '',
      category: null,
      districtIds: [],
      signalIds: [linked.id],
    });
    const small = await createTestSignal(t.db, { text: 'Only two copies of this one', createdAt: ago(2) });
    await addTestCopies(t.db, small.id, [ago(1)]);

    const got = await proposeNarratives(t.db);
    expect(got.map((p) => p.signalId)).toEqual([growing.id]);
    expect(got[0]).toMatchObject({
      recent: 4,
      previous: 2,
      growth: 2,
      excerpt: 'Flyers about a march in Saltmere',
    });
  });
});
