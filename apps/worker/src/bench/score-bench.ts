import { createHash } from 'node:crypto';
import {
  compileLexicon,
  dedupeForm,
  simhash64,
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
  simhashPostsPerSec: number;
  sha1PostsPerSec: number;
  sha1RawPostsPerSec: number;
  lexiconVsNaive: number;
  lexiconVsAlternation: number;
  classifierVsNaturalBayes: number;
  simhashVsSha1: number;
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

/**
 * One pass of `fn` over `items` (distinct inputs: V8 caches the results of a global regex match or
 * split on the same subject string, so repeating inputs would flatter the regex baselines).
 */
function throughput<T>(items: readonly T[], fn: (x: T) => unknown, minMs = 0): number {
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

export function runScoreBench(log: (line: string) => void = () => {}): ScoreBenchResult {
  const data = makeSyntheticData();
  const { posts, terms, labels } = data;
  log(`data: ${terms.length} terms, ${posts.length} posts`);

  // --- Lexicon engine (all posts) ---
  compileLexicon(terms.slice(0, 200)); // warm up the code paths
  const c0 = performance.now();
  const lex = compileLexicon(terms);
  const compileMs = performance.now() - c0;
  for (const p of posts.slice(0, 500)) matchText(lex, p);

  // The naive per-term loop and the alternation regex, built once.
  const regexes = terms.map((t: LexiconTerm) => ({
    id: t.id,
    re: new RegExp(`\\b${escapeRe(t.phrase)}\\b`, 'gi'),
  }));
  const alternation = new RegExp(
    `\\b(?:${[...terms]
      .map((t) => t.phrase)
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|')})\\b`,
    'gi',
  );

  // Interleaved rounds on the same posts (performance.md §9): the machine's load changes during a
  // run, so each round measures all three methods back to back and the medians are reported.
  const ROUNDS = 5;
  const NAIVE_PER_ROUND = 60;
  const engineRates: number[] = [];
  const naiveRates: number[] = [];
  const altRates: number[] = [];
  const naiveKeys: string[] = [];
  const engineKeys: string[] = [];
  let naiveCount = 0;
  let alternationHits = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const naiveSlice = posts.slice(r * NAIVE_PER_ROUND, (r + 1) * NAIVE_PER_ROUND);
    const slice = posts.slice(r * 4000, (r + 1) * 4000);
    engineRates.push(throughput(slice, (p) => matchText(lex, p)));
    const n0 = performance.now();
    for (const p of naiveSlice) naiveCount += naiveHits(regexes, p, naiveKeys);
    naiveRates.push(naiveSlice.length / ((performance.now() - n0) / 1000));
    altRates.push(
      throughput(slice.slice(0, 1500), (p) => {
        const m = p.match(alternation);
        alternationHits += m ? m.length : 0;
      }),
    );
    for (const p of naiveSlice) {
      for (const m of matchText(lex, p).matches) engineKeys.push(`${m.termId}:${m.start}:${m.end}`);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const lexiconPostsPerSec = median(engineRates);
  const naivePostsPerSec = median(naiveRates);
  const alternationPostsPerSec = median(altRates);
  const lexiconVsNaive = median(engineRates.map((e, i) => e / (naiveRates[i] as number)));
  const lexiconVsAlternation = median(engineRates.map((e, i) => e / (altRates[i] as number)));
  const naiveSample = { length: ROUNDS * NAIVE_PER_ROUND };
  naiveKeys.sort();
  engineKeys.sort();
  const hitsEqualNaive =
    naiveKeys.length === engineKeys.length && naiveKeys.every((k, i) => k === engineKeys[i]);
  log(`lexicon engine: ${round(lexiconPostsPerSec)} posts/s (compile ${round(compileMs)} ms)`);
  log(
    `naive regex loop: ${round(naivePostsPerSec)} posts/s on ${naiveSample.length}; hits ${naiveCount}, engine ${engineKeys.length}`,
  );
  log(`alternation regex: ${round(alternationPostsPerSec)} posts/s`);

  // --- Classifier vs natural.BayesClassifier, same training and test posts ---
  // natural's classify() walks its whole vocabulary per document (STACK.md trap 7), so both sides
  // use a subsample: the same 2,000 training posts and the same 600 test posts.
  const trainIdx = Array.from({ length: 2000 }, (_, i) => i * 7 + 1000);
  const testPosts = Array.from({ length: 600 }, (_, i) => posts[i * 11 + 3] as string);
  const trainSet = trainIdx.map((i) => ({ text: posts[i] as string, label: labels[i] as string }));
  const k0 = performance.now();
  const model = trainClassifier(trainSet, PRODUCT_TRAIN_OPTIONS);
  const classifierTrainSeconds = (performance.now() - k0) / 1000;
  const warmUp = posts.slice(19_900); // not in either set; both classifiers get the same warm-up
  for (const p of warmUp) predict(model, p);
  const classifierPostsPerSec = throughput(testPosts, (p) => predict(model, p));
  log(
    `classifier: ${round(classifierPostsPerSec)} posts/s (trained in ${round(classifierTrainSeconds, 2)} s)`,
  );
  const bayes = new BayesClassifier();
  const b0 = performance.now();
  for (const x of trainSet) bayes.addDocument(x.text, x.label);
  bayes.train();
  const naturalBayesTrainSeconds = (performance.now() - b0) / 1000;
  for (const p of warmUp) bayes.classify(p);
  const naturalBayesPostsPerSec = throughput(testPosts, (p) => bayes.classify(p));
  log(
    `natural BayesClassifier: ${round(naturalBayesPostsPerSec)} posts/s (trained in ${round(naturalBayesTrainSeconds, 2)} s)`,
  );

  // --- Near-duplicate fingerprint vs SHA-1 (all posts) ---
  // The exact-duplicate baseline hashes the normalised text (performance.md R11), i.e. the same
  // de-duplication form the SimHash starts from; SHA-1 of the raw text is reported alongside.
  const sha1RawPostsPerSec = throughput(posts, (p) => createHash('sha1').update(p).digest('hex'));
  const sha1PostsPerSec = throughput(posts, (p) => createHash('sha1').update(dedupeForm(p)).digest('hex'));
  const simhashPostsPerSec = throughput(posts, (p) => simhash64(p));
  log(
    `sha1 (normalised): ${round(sha1PostsPerSec)} posts/s; sha1 (raw): ${round(sha1RawPostsPerSec)}; simhash64: ${round(simhashPostsPerSec)}`,
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
    simhashPostsPerSec: round(simhashPostsPerSec),
    sha1PostsPerSec: round(sha1PostsPerSec),
    sha1RawPostsPerSec: round(sha1RawPostsPerSec),
    lexiconVsNaive: round(lexiconVsNaive, 2),
    lexiconVsAlternation: round(lexiconVsAlternation, 2),
    classifierVsNaturalBayes: round(classifierPostsPerSec / naturalBayesPostsPerSec, 2),
    simhashVsSha1: round(simhashPostsPerSec / sha1PostsPerSec, 3),
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
