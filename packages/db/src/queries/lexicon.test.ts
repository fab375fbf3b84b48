import { newId, parseLexiconCsv } from '@counterpoint/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Actor } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { lexiconVersions, scores } from '../schema/scoring.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { dryRunLexicon } from './lexicon-dry-run.js';
import { insertTestItems } from './lexicon-fixtures.js';
import {
  addTerm,
  currentLexiconSummary,
  exportTermsCsv,
  importTermsCsv,
  listTerms,
  listVersions,
  previewTermsCsv,
  publishVersion,
  retireTerm,
  updateTerm,
  versionDiff,
  versionTerms,
} from './lexicon.js';
import { createUser } from './users.js';

const system: Actor = { id: null, label: 'test' };

describe('lexicon governance', () => {
  let d: TestDatabase;
  let editor: Actor;
  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
    const u = await createUser(d.db, system, {
      email: 'sup@example.org',
      name: 'Sam Supervisor',
      role: 'supervisor',
      password: 'a long enough password',
    });
    editor = { id: u.id, label: u.email };
  });
  afterAll(async () => {
    await d.drop();
  });

  it('makes a new version for every change while old scores keep theirs', async () => {
    const v1 = await addTerm(d.db, editor, {
      phrase: 'great replacement',
      matchMode: 'phrase',
      weight: 0.7,
      category: 'conspiracy',
      suppressNear: ['debunk*'],
    });
    expect(v1).toMatchObject({ number: 1, termCount: 1, termKey: 'great-replacement' });
    await publishVersion(d.db, editor, v1.versionId);
    // A score made with version 1.
    const [itemId] = await insertTestItems(d.db, [{ text: 'the great replacement is coming' }]);
    await d.db.insert(scores).values({
      id: newId('score'),
      itemId: itemId!,
      lexiconVersionId: v1.versionId,
      lexiconScore: 0.7,
      score: 70,
      band: 'signal',
      thresholds: { signal: 60, uncertain: 35 },
    });

    const v2 = await updateTerm(d.db, editor, 'great-replacement', {
      phrase: 'great replacement',
      matchMode: 'phrase',
      weight: 0.5,
      category: 'conspiracy',
    });
    const v3 = await addTerm(d.db, editor, {
      phrase: 'remigration',
      matchMode: 'word',
      weight: 0.6,
      category: 'extreme_right',
    });
    expect([v2.number, v3.number]).toEqual([2, 3]);
    // Version 1 is untouched: its term still has weight 0.7, and the score still points at it.
    expect((await listTerms(d.db, v1.versionId))[0]!.weight).toBeCloseTo(0.7);
    const [score] = await d.db.select().from(scores).where(eq(scores.itemId, itemId!));
    expect(score!.lexiconVersionId).toBe(v1.versionId);
    expect((await listTerms(d.db, v3.versionId)).map((t) => [t.termKey, t.weight])).toEqual([
      ['great-replacement', 0.5],
      ['remigration', 0.6],
    ]);

    // Drafts are not used until published; publishing supersedes the old version and older drafts.
    expect((await currentLexiconSummary(d.db))!.activeVersionId).toBe(v1.versionId);
    await publishVersion(d.db, editor, v3.versionId);
    const versions = await listVersions(d.db);
    expect(versions.map((v) => [v.number, v.status, v.active])).toEqual([
      [3, 'published', true],
      [2, 'superseded', false],
      [1, 'superseded', false],
    ]);
    expect(versions[0]).toMatchObject({ createdBy: 'Sam Supervisor', publishedBy: 'Sam Supervisor' });
    expect(versions[0]!.note).toContain('remigration');

    const diff = await versionDiff(d.db, v1.versionId, v3.versionId);
    expect(diff.added.map((t) => t.termKey)).toEqual(['remigration']);
    expect(diff.changed).toMatchObject([
      { termKey: 'great-replacement', fields: ['weight', 'suppressNear'] },
    ]);
    expect(diff.removed).toEqual([]);

    const v4 = await retireTerm(d.db, editor, 'remigration');
    const retired = (await listTerms(d.db, v4.versionId)).find((t) => t.termKey === 'remigration');
    expect(retired!.status).toBe('retired');
    expect((await versionTerms(d.db, v4.versionId)).find((t) => t.id === 'remigration')!.status).toBe(
      'retired',
    );

    const actions = (await d.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'lexicon.term_added',
        'lexicon.term_changed',
        'lexicon.version_published',
        'lexicon.term_retired',
      ]),
    );
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('rejects invalid terms with the core’s messages', async () => {
    await expect(
      addTerm(d.db, editor, { phrase: 'ab*', matchMode: 'pattern', weight: 2, category: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('imports a CSV as one version, or nothing when a row is wrong, and exports it back', async () => {
    const before = (await d.db.select().from(lexiconVersions)).length;
    const bad = [
      'term_key,phrase,match_mode,weight,category,suppress_near,owner_email,status',
      'new-one,"white genocide",phrase,0.8,conspiracy,"report;condemn*",sup@example.org,active',
      'broken,"x*",pattern,1.5,violence,,nobody@example.org,active',
    ].join('\r\n');
    const preview = await previewTermsCsv(d.db, bad);
    expect(preview.ok).toBe(false);
    expect(preview.rows[0]).toMatchObject({ action: 'add', errors: [] });
    expect(preview.rows[1]!.action).toBe('error');
    expect(preview.rows[1]!.errors.join(' ')).toMatch(/nobody@example.org/);
    const refused = await importTermsCsv(d.db, editor, bad);
    expect(refused.version).toBeNull();
    expect((await d.db.select().from(lexiconVersions)).length).toBe(before);

    const good = [
      '\uFEFFterm_key,phrase,match_mode,weight,category,suppress_near,owner_email,rationale,status',
      'new-one,"white genocide",phrase,0.8,conspiracy,"report;condemn*",sup@example.org,"Glossary: ""coded"", p. 2",active',
      'great-replacement,great replacement,phrase,0.5,conspiracy,,,,under_review',
    ].join('\r\n');
    const done = await importTermsCsv(d.db, editor, good, { fileName: 'terms.csv' });
    expect(done.preview.counts).toMatchObject({ add: 1, update: 1, error: 0 });
    expect(done.version!.number).toBe(before + 1);
    await publishVersion(d.db, editor, done.version!.versionId);

    const csv = await exportTermsCsv(d.db);
    const parsed = parseLexiconCsv(csv);
    expect(parsed.errors).toEqual([]);
    const row = parsed.records.find((r) => r.values.term_key === 'new-one')!.values;
    expect(row).toMatchObject({
      phrase: 'white genocide',
      suppress_near: 'report;condemn*',
      owner_email: 'sup@example.org',
      rationale: 'Glossary: "coded", p. 2',
    });
    // Exported then re-imported: nothing changes, so no new version.
    const again = await importTermsCsv(d.db, editor, csv);
    expect(again.preview.counts.add + again.preview.counts.update).toBe(0);
    expect(again.version).toBeNull();
  });

  it('dry-runs a draft against the active lexicon over recent items', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    await insertTestItems(d.db, [
      { text: 'They talk about white genocide again' }, // flagged by active and draft
      { text: 'Stop the invasion of our towns, they said' }, // newly flagged by the draft
      { text: 'The invasion of Normandy was in 1944' }, // draft matches, suppressed by context
      { text: 'white genocide is a lie, report it' }, // suppressed in both
      { text: 'white genocide, an old post', collectedAt: old }, // outside the window
      { text: 'A fete at the village hall' },
    ]);
    const active = (await currentLexiconSummary(d.db))!.activeVersionId!;
    const draft = (await versionTerms(d.db, active))
      .filter((t) => t.id !== 'new-one')
      .concat([
        {
          id: 'invasion',
          phrase: 'invasion',
          mode: 'word',
          weight: 0.6,
          category: 'anti_minority',
          status: 'active',
          context: [{ kind: 'suppress-near', words: ['normandy', 'history'], window: 4 }],
        },
      ]);
    const result = await dryRunLexicon(d.db, draft, { days: 7, batchSize: 2 });
    expect(result.truncated).toBe(false);
    expect(result.newlyFlagged.count).toBe(1);
    expect(result.newlyFlagged.examples[0]!.excerpt).toContain('Stop the invasion');
    const span = result.newlyFlagged.examples[0]!.spans[0]!;
    expect(result.newlyFlagged.examples[0]!.excerpt.slice(span.start, span.end)).toBe('invasion');
    // "white genocide" left the draft: the item the active version flagged would stop flagging.
    expect(result.stopFlagging.count).toBe(1);
    expect(result.stopFlagging.examples[0]!.excerpt).toContain('white genocide again');
    expect(result.scanned).toBeGreaterThanOrEqual(6);
    expect(result.newlyFlagged.count + result.stopFlagging.count + result.unchanged.count).toBe(
      result.scanned,
    );
    const bounded = await dryRunLexicon(d.db, draft, { days: 7, batchSize: 2, maxItems: 3 });
    expect(bounded).toMatchObject({ scanned: 3, truncated: true });
  });
});
