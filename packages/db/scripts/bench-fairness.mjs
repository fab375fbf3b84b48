// Times the fairness page's query at scale against a private database on TEST_DATABASE_URL's server
// (created and dropped here), with a baseline measured in the same run. Build the package first:
//   pnpm --filter @counterpoint/db build
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node packages/db/scripts/bench-fairness.mjs --signals 100000 --rounds 10
import { parseArgs } from 'node:util';
import { createUser, ensureReferenceData, SYSTEM_ACTOR } from '../dist/index.js';
import { benchFairness } from '../dist/queries/fairness-bench.js';
import { createTestDatabase } from '../dist/testing.js';

const { values } = parseArgs({
  options: { signals: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '10' } },
});
const signals = Number(values.signals);
const rounds = Number(values.rounds);
if (!Number.isInteger(signals) || signals < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('--signals and --rounds must be whole numbers of at least 1');
  process.exit(2);
}
const t = await createTestDatabase();
try {
  await ensureReferenceData(t.db);
  await createUser(t.db, SYSTEM_ACTOR, {
    email: 'bench@example.org',
    name: 'Bench',
    role: 'analyst',
    password: 'correct-horse-battery-staple',
  });
  const started = performance.now();
  const r = await benchFairness(t.db, { signals, rounds, say: (l) => console.error(l) });
  console.error(`loaded and measured in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`fairness bench: ${r.signals} signals, ${r.rounds} rounds`);
  for (const x of r.timings)
    console.log(
      `${x.name.padEnd(44)} p50 ${x.p50.toFixed(1).padStart(7)} ms   p95 ${x.p95.toFixed(1).padStart(7)} ms`,
    );
} finally {
  await t.drop();
}
