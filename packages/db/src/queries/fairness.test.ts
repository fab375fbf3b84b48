import { newId } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { districts } from '../schema/geography.js';
import { signals, type SignalStatus } from '../schema/triage.js';
import { ensureReferenceData } from '../reference.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { fairnessFigures, termExamples, type FairnessCount, type FairnessFigures } from './fairness.js';
import { createTestSignal } from './signals-testing.js';
import { labelSignal } from './triage.js';
import { createUser } from './users.js';

/**
 * Ten fixture signals whose verdicts are worked out by hand (docs/fairness.md has the rules):
 *
 *   sig source lang districts     category       terms (unsuppressed)  status / labels      verdict
 *   A   A      en   north         extreme_right  alpha                 dismissed            fp
 *   B   A      en   north         extreme_right  alpha, beta           escalated            tp
 *   C   A      en   south         conspiracy     alpha                 new, 2 × not rel.    fp (labels)
 *   D   B      cy   south         conspiracy     beta                  dismissed, 1 × rel.  tp (label wins)
 *   E   B      cy   —             —              beta (alpha suppr.)   closed after dismiss fp
 *   F   B      en   north         extreme_right  alpha                 new, 1 rel. 1 not    undecided (tie)
 *   G   A      en   north, south  violence       gamma                 closed, no reason    tp
 *   H   B      en   north         islamist       alpha ×2              linked               tp
 *   I   A      en   north         extreme_right  alpha                 dismissed (previous) fp
 *   J   A      en   south         conspiracy     alpha                 new (previous)       —
 */

let t: TestDatabase;
let figures: FairnessFigures;
const TO = new Date('2026-11-20T12:00:00Z');
const ids: Record<string, string> = {};

async function add(
  name: string,
  at: string,
  o: {
    source: 'A' | 'B';
    language: string;
    districts: string[];
    category: string | null;
    terms: Array<[string, boolean?]>;
    status: SignalStatus;
    dismissReason?: string;
  },
): Promise<void> {
  const words = o.terms.map(([k]) => `word${k}`);
  const { id } = await createTestSignal(t.db, {
    text: `Post ${name} says ${words.join(' and ')} in public.`,
    sourceName: `Feed ${o.source}`,
    language: o.language,
    districtSlugs: o.districts,
    category: o.category,
    status: o.status,
    createdAt: new Date(at),
    terms: o.terms.map(([k, suppressed]) => ({
      phrase: `word${k}`,
      termKey: k,
      category: 'extreme_right',
      weight: 0.5,
      ...(suppressed ? { suppressed: 'near "condemn"' } : {}),
    })),
  });
  if (o.dismissReason)
    await t.db.update(signals).set({ dismissReason: o.dismissReason }).where(eq(signals.id, id));
  ids[name] = id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  await t.db.insert(districts).values([
    { id: newId('district'), tier: 'district', slug: 'north', name: 'North Vale' },
    { id: newId('district'), tier: 'district', slug: 'south', name: 'South Vale' },
  ]);
  const pw = 'correct-horse-battery-staple';
  const u1 = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'a@example.org',
    name: 'A',
    role: 'analyst',
    password: pw,
  });
  const u2 = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'b@example.org',
    name: 'B',
    role: 'analyst',
    password: pw,
  });
  const a1 = { id: u1.id, label: u1.email };
  const a2 = { id: u2.id, label: u2.email };
  const base = { source: 'A' as const, language: 'en' };
  await add('A', '2026-11-18T12:00:00Z', {
    ...base,
    districts: ['north'],
    category: 'extreme_right',
    terms: [['alpha']],
    status: 'dismissed',
    dismissReason: 'Satire account.',
  });
  await add('B', '2026-11-17T12:00:00Z', {
    ...base,
    districts: ['north'],
    category: 'extreme_right',
    terms: [['alpha'], ['beta']],
    status: 'escalated',
  });
  await add('C', '2026-11-12T12:00:00Z', {
    ...base,
    districts: ['south'],
    category: 'conspiracy',
    terms: [['alpha']],
    status: 'new',
  });
  await labelSignal(t.db, a1, ids.C!, { relevant: false });
  await labelSignal(t.db, a2, ids.C!, { relevant: false });
  await add('D', '2026-11-10T12:00:00Z', {
    source: 'B',
    language: 'cy',
    districts: ['south'],
    category: 'conspiracy',
    terms: [['beta']],
    status: 'dismissed',
    dismissReason: 'Already reported elsewhere.',
  });
  await labelSignal(t.db, a1, ids.D!, { relevant: true });
  await add('E', '2026-11-10T13:00:00Z', {
    source: 'B',
    language: 'cy',
    districts: [],
    category: null,
    terms: [['alpha', true], ['beta']],
    status: 'closed',
    dismissReason: 'News report quoting it.',
  });
  await add('F', '2026-11-19T12:00:00Z', {
    source: 'B',
    language: 'en',
    districts: ['north'],
    category: 'extreme_right',
    terms: [['alpha']],
    status: 'new',
  });
  await labelSignal(t.db, a1, ids.F!, { relevant: true });
  await labelSignal(t.db, a2, ids.F!, { relevant: false });
  await add('G', '2026-11-07T12:00:00Z', {
    ...base,
    districts: ['north', 'south'],
    category: 'violence',
    terms: [['gamma']],
    status: 'closed',
  });
  await add('H', '2026-11-07T13:00:00Z', {
    source: 'B',
    language: 'en',
    districts: ['north'],
    category: 'islamist',
    // Two matches of the same term: still one signal for alpha.
    terms: [['alpha'], ['alpha']],
    status: 'linked',
  });
  await add('I', '2026-10-28T12:00:00Z', {
    ...base,
    districts: ['north'],
    category: 'extreme_right',
    terms: [['alpha']],
    status: 'dismissed',
    dismissReason: 'Not about the area.',
  });
  await add('J', '2026-10-24T12:00:00Z', {
    ...base,
    districts: ['south'],
    category: 'conspiracy',
    terms: [['alpha']],
    status: 'new',
  });
  // Outside every window: before the previous period and after the end.
  await add('K', '2026-09-01T12:00:00Z', {
    ...base,
    districts: [],
    category: null,
    terms: [['alpha']],
    status: 'dismissed',
    dismissReason: 'Old one.',
  });
  await add('L', '2026-11-21T12:00:00Z', {
    ...base,
    districts: [],
    category: null,
    terms: [['alpha']],
    status: 'dismissed',
    dismissReason: 'Too new.',
  });
  figures = await fairnessFigures(t.db, { to: TO, days: 14, weeks: 4 });
});

afterAll(async () => {
  await t?.drop();
});

const counts = (rows: FairnessCount[], dimension: string) =>
  Object.fromEntries(
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => [r.label ?? r.key, [r.signals, r.decided, r.falsePositives]]),
  );

describe('fairnessFigures', () => {
  it('counts signals, decisions and false positives over the current period', () => {
    expect(counts(figures.byPeriod.current, 'all')).toEqual({ '': [8, 7, 3] });
    expect(counts(figures.byPeriod.current, 'source')).toEqual({ 'Feed A': [4, 4, 2], 'Feed B': [4, 3, 1] });
    expect(counts(figures.byPeriod.current, 'language')).toEqual({ en: [6, 5, 2], cy: [2, 2, 1] });
  });

  it('counts a signal once per district it concerns, with "no district" as its own row', () => {
    expect(counts(figures.byPeriod.current, 'district')).toEqual({
      'North Vale': [5, 4, 1],
      'South Vale': [3, 3, 1],
      '': [1, 1, 1],
    });
    expect(counts(figures.byPeriod.current, 'category')).toEqual({
      extreme_right: [3, 2, 1],
      conspiracy: [2, 2, 1],
      violence: [1, 1, 0],
      islamist: [1, 1, 0],
      '': [1, 1, 1],
    });
  });

  it('counts a term only where it matched unsuppressed, once per signal', () => {
    // alpha: A fp, B tp, C fp, F undecided, H tp (E's match was suppressed) → precision 2/4.
    const byKey = Object.fromEntries(
      figures.byPeriod.current.filter((r) => r.dimension === 'term').map((r) => [r.key, r]),
    );
    expect(byKey.alpha).toMatchObject({ signals: 5, decided: 4, falsePositives: 2, label: 'wordalpha' });
    expect(byKey.beta).toMatchObject({ signals: 3, decided: 3, falsePositives: 1 });
    expect(byKey.gamma).toMatchObject({ signals: 1, decided: 1, falsePositives: 0 });
  });

  it('counts the previous period of the same length separately', () => {
    expect(figures.previous.from.toISOString()).toBe('2026-10-23T12:00:00.000Z');
    expect(counts(figures.byPeriod.previous, 'all')).toEqual({ '': [2, 1, 1] });
    expect(counts(figures.byPeriod.previous, 'district')).toEqual({
      'North Vale': [1, 1, 1],
      'South Vale': [1, 0, 0],
    });
  });

  it('gives weekly counts for the London weeks of the trend, empty weeks listed', () => {
    expect(figures.weeks).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    const all = Object.fromEntries(
      figures.weekly
        .filter((r) => r.dimension === 'all')
        .map((r) => [r.week, [r.signals, r.decided, r.falsePositives]]),
    );
    expect(all).toEqual({
      '2026-10-26': [1, 1, 1],
      '2026-11-02': [2, 2, 0],
      '2026-11-09': [3, 3, 2],
      '2026-11-16': [3, 2, 1],
    });
  });

  it('counts only the dimensions asked for, and refuses a nonsense period', async () => {
    const f = await fairnessFigures(t.db, { to: TO, days: 14, weeks: 4, dimensions: ['term'] });
    expect(new Set(f.byPeriod.current.map((r) => r.dimension))).toEqual(new Set(['term']));
    await expect(fairnessFigures(t.db, { to: TO, days: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(fairnessFigures(t.db, { to: TO, days: 7, weeks: 500 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('termExamples', () => {
  it('lists decided signals where the term matched, false positives first, with the match marked', async () => {
    const ex = await termExamples(t.db, 'alpha', { to: TO, days: 30 });
    expect(ex.map((e) => e.signalId)).toEqual([ids.A, ids.C, ids.I, ids.B, ids.H]);
    expect(ex[0]).toMatchObject({ verdict: 'fp', dismissReason: 'Satire account.', status: 'dismissed' });
    expect(ex[0]!.excerpt.slice(ex[0]!.matchStart, ex[0]!.matchEnd)).toBe('wordalpha');
    expect(ex[3]!.verdict).toBe('tp');
    expect(await termExamples(t.db, 'alpha', { to: TO, days: 30, limit: 2 })).toHaveLength(2);
    // E matched alpha only suppressed: never an example of it.
    expect(
      (await termExamples(t.db, 'alpha', { to: TO, days: 30, limit: 50 })).map((e) => e.signalId),
    ).not.toContain(ids.E);
  });
});
