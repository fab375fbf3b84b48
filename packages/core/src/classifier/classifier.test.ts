import { describe, expect, it } from 'vitest';
import { parseLabelledJsonl } from './jsonl.js';
import { evaluate, seededRandom, stratifiedFolds, stratifiedSplit } from './metrics.js';
import { predict, trainClassifier, type TrainingExample } from './model.js';
import { retrainWithHeldOut } from './retrain.js';

function synthetic(n: number, seed: number): TrainingExample[] {
  const rnd = seededRandom(seed);
  const filler = [
    'the',
    'a',
    'today',
    'people',
    'said',
    'about',
    'this',
    'that',
    'town',
    'news',
    'we',
    'they',
  ];
  const topics: Record<string, string[]> = {
    sport: ['football', 'match', 'goal', 'league', 'striker', 'referee'],
    weather: ['rain', 'storm', 'sunny', 'forecast', 'wind', 'cloudy'],
    food: ['pizza', 'bread', 'recipe', 'cheese', 'dinner', 'bakery'],
  };
  const labels = Object.keys(topics);
  const out: TrainingExample[] = [];
  for (let i = 0; i < n; i++) {
    const label = labels[i % labels.length] as string;
    const words: string[] = [];
    for (let k = 0; k < 12; k++) {
      const pool = rnd() < 0.3 ? (topics[label] as string[]) : filler;
      words.push(pool[Math.floor(rnd() * pool.length)] as string);
    }
    out.push({ text: words.join(' '), label });
  }
  return out;
}

describe('classifier', () => {
  it('learns a small separable task; probabilities sum to 1; explanations name features', () => {
    const model = trainClassifier(synthetic(300, 1), { seed: 3 });
    const test = synthetic(90, 2);
    let correct = 0;
    for (const ex of test) {
      const p = predict(model, ex.text);
      const sum = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 9);
      if (p.label === ex.label) correct++;
    }
    expect(correct / test.length).toBeGreaterThan(0.9);
    const p = predict(model, 'the football match had a late goal');
    expect(p.label).toBe('sport');
    expect(p.topFeatures.length).toBeGreaterThan(0);
    expect(p.topFeatures.map((f) => f.feature)).toContain('w:footbal');
    expect(JSON.parse(JSON.stringify(model))).toEqual(model); // a JSON artefact
  });

  it('is deterministic for the same seed', () => {
    const data = synthetic(240, 5);
    const a = trainClassifier(data, { seed: 9 });
    const b = trainClassifier(data, { seed: 9 });
    expect(a.weights).toEqual(b.weights);
    expect(a.temperature).toBe(b.temperature);
  });

  it('binary relevance gives independent per-label probabilities', () => {
    const data = synthetic(240, 6).map((ex, i) => ({
      text: ex.text,
      label: i % 5 === 0 ? [ex.label as string, 'flag'] : [ex.label as string],
    }));
    const model = trainClassifier(data, { mode: 'binary-relevance', seed: 1 });
    const p = predict(model, 'rain and wind in the forecast');
    expect(p.label).toBe('weather');
    expect(p.labels).toContain('weather');
    for (const v of Object.values(p.probabilities)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('rejects a multiclass example filed under two labels', () => {
    expect(() =>
      trainClassifier([
        { text: 'x', label: ['a', 'b'] },
        { text: 'y', label: 'a' },
      ]),
    ).toThrow(/exactly one/);
  });

  it('retrain holds out a stratified part and reports metrics on it', () => {
    const data = synthetic(300, 11) as (TrainingExample & { label: string })[];
    const r = retrainWithHeldOut(data, { heldOutFraction: 0.2 });
    expect(r.report.n).toBe(60);
    expect(r.report.accuracy).toBeGreaterThan(0.85);
    expect(r.model.training.examples).toBe(240);
  });
});

describe('metrics', () => {
  it('computes a hand-worked confusion matrix', () => {
    // gold a: 4 (3 → a, 1 → b); gold b: 3 (1 → a, 2 → b); gold c: 3 (1 → b, 2 → c)
    const gold = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
    const pred = ['a', 'a', 'a', 'b', 'a', 'b', 'b', 'b', 'c', 'c'];
    const r = evaluate(gold, pred);
    expect(r.confusion).toEqual([
      [3, 1, 0],
      [1, 2, 0],
      [0, 1, 2],
    ]);
    expect(r.accuracy).toBeCloseTo(0.7);
    // a: P 3/4, R 3/4, F1 .75; b: P 2/4, R 2/3, F1 4/7; c: P 1, R 2/3, F1 .8
    expect(r.perClass.a).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
    expect(r.perClass.b?.precision).toBeCloseTo(0.5);
    expect(r.perClass.b?.recall).toBeCloseTo(2 / 3);
    expect(r.perClass.b?.f1).toBeCloseTo(4 / 7);
    expect(r.perClass.c?.f1).toBeCloseTo(0.8);
    expect(r.macroF1).toBeCloseTo((0.75 + 4 / 7 + 0.8) / 3);
    expect(r.weightedF1).toBeCloseTo((0.75 * 4 + (4 / 7) * 3 + 0.8 * 3) / 10);
  });

  it('splits keep label shares and cover everything once', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ i, label: i < 20 ? 'rare' : 'common' }));
    const { train, test } = stratifiedSplit(items, (x) => x.label, 0.2, 1);
    expect(test.filter((x) => x.label === 'rare')).toHaveLength(4);
    expect(train).toHaveLength(80);
    const folds = stratifiedFolds(items, (x) => x.label, 5, 1);
    expect(
      folds
        .flat()
        .map((x) => x.i)
        .sort((a, b) => a - b),
    ).toEqual(items.map((x) => x.i));
    for (const f of folds) expect(f.filter((x) => x.label === 'rare')).toHaveLength(4);
  });
});

describe('parseLabelledJsonl', () => {
  it('names the malformed line', () => {
    expect(parseLabelledJsonl('{"id":"1","text":"a","label":"x"}\n\n')).toHaveLength(1);
    expect(() => parseLabelledJsonl('{"id":"1","text":"a","label":"x"}\n{oops', 'f.jsonl')).toThrow(
      /f\.jsonl:2/,
    );
    expect(() => parseLabelledJsonl('{"id":"1","text":"a"}', 'f.jsonl')).toThrow(/f\.jsonl:1: "label"/);
  });
});
