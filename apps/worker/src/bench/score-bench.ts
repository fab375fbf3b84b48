import { createHash } from 'node:crypto';
import {
  compileLexicon,
  matchText,
  PRODUCT_TRAIN_OPTIONS,
  predict,
  tokeniseForMatch,
  trainClassifier,
  type LexiconTerm,
} from '@counterpoint/core';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { makeSyntheticData } from './synthetic.js';

/**
 * `bench score`: the product's scoring engines against the baselines named in issue 4, measured
 * side by side in one run on the same synthetic data (performance.md §9: ratios, not absolutes).
 * Slow baselines run on a deterministic subsample; every figure is posts per second.
 */

export interface ScoreBenchResult {
  posts: number;
  terms: number;
  compileMs: number;
  lexiconPostsPerSec: number;
  naivePostsPerSec: number;
  alternationPostsPerSec: number;
  classifierPostsPerSec: number;
  naturalBayesPostsPerSec: number;
  simhashPostsPerSec: number | null;
  sha1PostsPerSec: number;
  lexiconVsNaive: number;
  lexiconVsAlternation: number;
  classifierVsNaturalBayes: number;
  simhashVsSha1: number | null;
  hitsEqualNaive: boolean;
  naiveSample: number;
  naiveHits: number;
  alternationHits: number;
  engineHitsOnSample: number;
  bayesTrainDocs: number;
  bayesTestDocs: number;
  classifierTrainSeconds: number;
  naturalBayesTrainSeconds: number;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Run `fn` over `items`, repeating until at least `minMs` passed; returns items per second. */
function throughput<T>(items: readonly T[], fn: (x: T) => unknown, minMs = 400): number {
  let done = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (const x of items) fn(x);
    done += items.length;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  return done / (elapsed / 1000);
}

const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/** The naive reference: every match of one precompiled /\bterm\b/gi per term. */
function naiveHits(regexes: readonly { id: string; re: RegExp }[], post: string, out?: string[]): number {
  let n = 0;
  for (const { id, re } of regexes) {
    re.lastIndex = 0;
    for (let m = re.exec(post); m !== null; m = re.exec(post)) {
      n++;
      out?.push(`${id}:${m.index}:${m.index + m[0].length}`);
    }
  }
  return n;
}

export async function runScoreBench(log: (line: string) => void = () => {}): Promise<ScoreBenchResult> {
  const data = makeSyntheticData();
  const { posts, terms, labels } = data;
  log(`data: ${terms.length} terms, ${posts.length} posts`);

  // --- Lexicon engine (all posts) ---
  compileLexicon(terms.slice(0, 200)); // warm up the code paths
  const c0 = performance.now();
  const lex = compileLexicon(terms);
  const compileMs = performance.now() - c0;
  for (const p of posts.slice(0, 500)) matchText(lex, p);
  const lexiconPostsPerSec = throughput(posts, (p) => matchText(lex, p), 1000);
  log(`lexicon engine: ${round(lexiconPostsPerSec)} posts/s (compile ${round(compileMs)} ms)`);

  // --- Naive per-term regex loop (subsample) and equality of hits ---
  const regexes = terms.map((t: LexiconTerm) => ({
    id: t.id,
    re: new RegExp(`\\b${escapeRe(t.phrase)}\\b`, 'gi'),
  }));
  const naiveSample = posts.slice(0, 300);
  const naiveKeys: string[] = [];
  const n0 = performance.now();
  let naiveCount = 0;
  for (const p of naiveSample) naiveCount += naiveHits(regexes, p, naiveKeys);
  const naivePostsPerSec = naiveSample.length / ((performance.now() - n0) / 1000);
  const engineKeys: string[] = [];
  for (const p of naiveSample) {
    for (const m of matchText(lex, p).matches) engineKeys.push(`${m.termId}:${m.start}:${m.end}`);
  }
  naiveKeys.sort();
  engineKeys.sort();
  const hitsEqualNaive =
    naiveKeys.length === engineKeys.length && naiveKeys.every((k, i) => k === engineKeys[i]);
  log(
    `naive regex loop: ${round(naivePostsPerSec)} posts/s on ${naiveSample.length}; hits ${naiveCount}, engine ${engineKeys.length}`,
  );

  // --- One alternation regex of all terms, longest first (subsample) ---
  const alternation = new RegExp(
    `\\b(?:${[...terms]
      .map((t) => t.phrase)
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|')})\\b`,
    'gi',
  );
  const altSample = posts.slice(0, 4000);
  let alternationHits = 0;
  const alternationPostsPerSec = throughput(altSample, (p) => {
    const m = p.match(alternation);
    alternationHits += m ? m.length : 0;
  });
  log(`alternation regex: ${round(alternationPostsPerSec)} posts/s`);

  // --- Classifier vs natural.BayesClassifier, same training and test posts ---
  // natural's classify() walks its whole vocabulary per document (STACK.md trap 7), so both sides
  // use a subsample: the same 2,000 training posts and the same 300 test posts.
  const trainIdx = Array.from({ length: 2000 }, (_, i) => i * 7 + 1000);
  const testPosts = Array.from({ length: 300 }, (_, i) => posts[i * 11 + 3] as string);
  const trainSet = trainIdx.map((i) => ({ text: posts[i] as string, label: labels[i] as string }));
  const k0 = performance.now();
  const model = trainClassifier(trainSet, PRODUCT_TRAIN_OPTIONS);
  const classifierTrainSeconds = (performance.now() - k0) / 1000;
  const classifierPostsPerSec = throughput(testPosts, (p) => predict(model, p), 1000);
  log(
    `classifier: ${round(classifierPostsPerSec)} posts/s (trained in ${round(classifierTrainSeconds, 2)} s)`,
  );
  const bayes = new BayesClassifier();
  const b0 = performance.now();
  for (const x of trainSet) bayes.addDocument(x.text, x.label);
  bayes.train();
  const naturalBayesTrainSeconds = (performance.now() - b0) / 1000;
  const naturalBayesPostsPerSec = throughput(testPosts, (p) => bayes.classify(p), 1000);
  log(
    `natural BayesClassifier: ${round(naturalBayesPostsPerSec)} posts/s (trained in ${round(naturalBayesTrainSeconds, 2)} s)`,
  );

  // --- Near-duplicate fingerprint vs SHA-1 (all posts) ---
  const sha1PostsPerSec = throughput(posts, (p) => createHash('sha1').update(p).digest('hex'));
  let simhashPostsPerSec: number | null = null;
  // Imported by name at run time: the SimHash module belongs to the ingest engine (packages/core/src/dedupe).
  const simhashModule = '@counterpoint/core/dedupe/simhash';
  try {
    const mod = (await import(simhashModule)) as { simhash64?: (text: string) => unknown };
    if (typeof mod.simhash64 === 'function') {
      const simhash64 = mod.simhash64;
      simhashPostsPerSec = throughput(posts, (p) => simhash64(p));
    }
  } catch {
    simhashPostsPerSec = null;
  }
  log(
    `sha1: ${round(sha1PostsPerSec)} posts/s; simhash64: ${simhashPostsPerSec === null ? 'not available' : round(simhashPostsPerSec)}`,
  );

  // Tokenising alone, for context in the log (the floor under the lexicon engine).
  log(`tokenise only: ${round(throughput(posts, (p) => tokeniseForMatch(p)))} posts/s`);

  return {
    posts: posts.length,
    terms: terms.length,
    compileMs: round(compileMs),
    lexiconPostsPerSec: round(lexiconPostsPerSec),
    naivePostsPerSec: round(naivePostsPerSec),
    alternationPostsPerSec: round(alternationPostsPerSec),
    classifierPostsPerSec: round(classifierPostsPerSec),
    naturalBayesPostsPerSec: round(naturalBayesPostsPerSec),
    simhashPostsPerSec: simhashPostsPerSec === null ? null : round(simhashPostsPerSec),
    sha1PostsPerSec: round(sha1PostsPerSec),
    lexiconVsNaive: round(lexiconPostsPerSec / naivePostsPerSec, 2),
    lexiconVsAlternation: round(lexiconPostsPerSec / alternationPostsPerSec, 2),
    classifierVsNaturalBayes: round(classifierPostsPerSec / naturalBayesPostsPerSec, 2),
    simhashVsSha1: simhashPostsPerSec === null ? null : round(simhashPostsPerSec / sha1PostsPerSec, 3),
    hitsEqualNaive,
    naiveSample: naiveSample.length,
    naiveHits: naiveCount,
    alternationHits,
    engineHitsOnSample: engineKeys.length,
    bayesTrainDocs: trainSet.length,
    bayesTestDocs: testPosts.length,
    classifierTrainSeconds: round(classifierTrainSeconds, 2),
    naturalBayesTrainSeconds: round(naturalBayesTrainSeconds, 2),
  };
}
