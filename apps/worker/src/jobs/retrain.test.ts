import { parseConfig } from '@counterpoint/core';
import {
  activateModel,
  addTerm,
  createRetrainRun,
  createUser,
  ensureReferenceData,
  getRetrainRun,
  importLabelledLines,
  listModels,
  publishVersion,
  rowsOf,
  type Actor,
} from '@counterpoint/db';
import {
  insertTestGeography,
  insertTestItems,
  insertTestLabels,
} from '@counterpoint/db/queries/lexicon-fixtures';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../runtime/registry.js';
import type { JobRunner } from '../runtime/runner.js';
import { makeRunner, waitFor } from '../testing/runners.js';
import { JOBS } from './index.js';
import { runRetrain } from './retrain.js';

const HATEFUL = ['invaders', 'traitors', 'vermin', 'purge', 'remigrate', 'swarm', 'parasites', 'expel'];
const CALM = ['bake', 'football', 'library', 'weather', 'allotment', 'choir', 'recycling', 'bus'];

function texts(words: readonly string[], n: number, seed: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = words[(i + seed) % words.length]!;
    const b = words[(i * 3 + seed + 1) % words.length]!;
    const c = words[(i * 5 + seed + 2) % words.length]!;
    out.push(`post ${i}: the ${a} and the ${b}, again ${c} today`);
  }
  return out;
}

interface ScoreRow {
  item_id: string;
  model_id: string | null;
  score: number;
  classifier_probability: number | null;
  evidence: { start: number; end: number; phrase: string }[];
  features: { classifier?: { topFeatures: { feature: string }[] } };
}

describe('retrain, activation and scoring with the classifier and localities', () => {
  let d: TestDatabase;
  let supervisor: Actor;
  let runner: JobRunner;
  let cleanup: () => Promise<void>;
  const scoresOf = async (itemId: string) =>
    rowsOf<ScoreRow>(
      await d.db.execute(
        `select item_id, model_id, score, classifier_probability, evidence, features from scores where item_id = '${itemId}' order by created_at`,
      ),
    );
  const score = async (itemIds: string[]) => {
    const before = await Promise.all(itemIds.map(scoresOf));
    await runner.enqueue('score-items', { itemIds });
    await waitFor(
      async () => (await Promise.all(itemIds.map(scoresOf))).every((s, i) => s.length > before[i]!.length),
      20_000,
      'scores',
    );
    return Promise.all(itemIds.map(async (id) => (await scoresOf(id)).at(-1)!));
  };

  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
    const u = await createUser(
      d.db,
      { id: null, label: 'test' },
      {
        email: 'supervisor@example.org',
        name: 'Sam Supervisor',
        role: 'supervisor',
        password: 'a long enough password',
      },
    );
    supervisor = { id: u.id, label: u.email };
    const v = await addTerm(d.db, supervisor, {
      phrase: 'great replacement',
      matchMode: 'phrase',
      weight: 0.6,
      category: 'conspiracy',
    });
    await publishVersion(d.db, supervisor, v.versionId);
    await insertTestGeography(d.db, {
      districts: [
        { slug: 'north-elmshire', name: 'North Elmshire' },
        { slug: 'copperdown', name: 'Copperdown' },
      ],
      places: [
        { district: 'north-elmshire', name: 'Hope', ambiguous: true },
        { district: 'north-elmshire', name: 'Harlowby' },
        { district: 'copperdown', name: 'Union', ambiguous: true },
      ],
    });
    ({ runner, cleanup } = makeRunner('in-process', {
      registry: buildRegistry(JOBS),
      db: d.db,
      config: parseConfig({}),
    }));
    await runner.start();
  });
  afterAll(async () => {
    await cleanup?.();
    await d?.drop();
  });

  it('refuses to train with too few labels, in plain words', async () => {
    await expect(runRetrain(d.db, { runId: null, requestedBy: null })).rejects.toThrow(
      /Too few labels to train: 0/,
    );
    const run = await createRetrainRun(d.db, supervisor);
    await runner.enqueue('retrain', { runId: run.id, requestedBy: supervisor.id! });
    await waitFor(async () => (await getRetrainRun(d.db, run.id))?.status === 'failed', 10_000, 'failed run');
    expect((await getRetrainRun(d.db, run.id))!.errors[0]!.message).toMatch(/at least 30 are needed/);
  });

  it('trains a candidate from labels with held-out metrics; the active model changes scores', async () => {
    const relevantIds = await insertTestItems(
      d.db,
      texts(HATEFUL, 30, 0).map((text) => ({ text })),
    );
    const calmIds = await insertTestItems(
      d.db,
      texts(CALM, 30, 0).map((text) => ({ text })),
    );
    await insertTestLabels(d.db, supervisor.id!, [
      ...relevantIds.map((itemId) => ({ itemId, relevant: true })),
      ...calmIds.map((itemId) => ({ itemId, relevant: false })),
    ]);
    // Imported labelled lines join the analysts' labels.
    await importLabelledLines(d.db, supervisor, {
      fileName: 'extra.jsonl',
      lines: texts(HATEFUL, 10, 3).map((text, i) => ({ id: `x${i}`, text, label: 'relevant' })),
    });

    // An item scored before any model is active: lexicon only.
    const [probe] = await insertTestItems(d.db, [{ text: 'the invaders and the traitors, purge them' }]);
    const lexOnly = (await score([probe!]))[0]!;
    expect(lexOnly).toMatchObject({ model_id: null, classifier_probability: null, score: 0 });

    const run = await createRetrainRun(d.db, supervisor);
    await runner.enqueue('retrain', { runId: run.id, requestedBy: supervisor.id! });
    await waitFor(async () => (await getRetrainRun(d.db, run.id))?.status !== 'queued', 5_000, 'run start');
    await waitFor(async () => (await getRetrainRun(d.db, run.id))?.status === 'done', 30_000, 'trained');
    const [model] = await listModels(d.db);
    expect(model).toMatchObject({
      version: 1,
      status: 'candidate',
      labelCount: 70,
      trainedByName: 'Sam Supervisor',
    });
    expect(model!.trainingData).toMatchObject({
      examples: 70,
      labelCounts: { relevant: 40, not_relevant: 30 },
      sources: { analyst: 60, import: 10 },
      negativeLabels: ['not_relevant'],
    });
    expect(model!.metrics).toMatchObject({ n: 14, labels: ['not_relevant', 'relevant'] });
    expect(model!.metrics.accuracy as number).toBeGreaterThanOrEqual(0.8);
    expect(model!.metrics.perClass).toHaveProperty('relevant.f1');

    await activateModel(d.db, supervisor, model!.id);
    const withModel = (await score([probe!]))[0]!;
    expect(withModel.model_id).toBe(model!.id);
    expect(withModel.classifier_probability!).toBeGreaterThan(0.5);
    expect(withModel.score).toBeGreaterThan(lexOnly.score);
    expect(withModel.features.classifier!.topFeatures.length).toBeGreaterThan(0);
    // The earlier, lexicon-only score is kept with its provenance.
    expect((await scoresOf(probe!)).map((s) => s.model_id)).toEqual([null, model!.id]);
  });

  it('points explanation spans at the right characters of the stored text', async () => {
    const text = 'Ünïcode 🙂 first — then “the GREAT\u200b replacement” again, and great replacement.';
    const [id] = await insertTestItems(d.db, [{ text, title: 'A title' }]);
    const stored = (await score([id!]))[0]!;
    expect(stored.evidence.length).toBe(2);
    for (const span of stored.evidence)
      expect(text.slice(span.start, span.end).replace('\u200b', '').toLowerCase()).toBe('great replacement');
  });

  it('records districts named in the text, ambiguous names only in context', async () => {
    const ids = await insertTestItems(d.db, [
      { text: 'Hope you’re well, see you soon' },
      { text: 'Lovely turnout for the fete in Hope village' },
      { text: 'Union flags on every lamp post' },
      { text: 'Stickers all over Harlowby’s bus shelters' },
    ]);
    await score(ids);
    const rows = rowsOf<{ item_id: string; slug: string; via: string }>(
      await d.db.execute(
        `select item_id, slug, via from item_districts join districts on districts.id = district_id where item_id in ('${ids.join("','")}')`,
      ),
    );
    const of = (id: string) => rows.filter((r) => r.item_id === id).map((r) => `${r.slug}/${r.via}`);
    expect(of(ids[0]!)).toEqual([]);
    expect(of(ids[1]!)).toEqual(['north-elmshire/gazetteer']);
    expect(of(ids[2]!)).toEqual([]);
    expect(of(ids[3]!)).toEqual(['north-elmshire/gazetteer']);
  });
});
