// Times what the audit page reads at scale, against a private database on TEST_DATABASE_URL's server
// (created and dropped here). Baselines in the same run: walking the whole chain (what every view
// did before the full walk was moved to a job) and a plain DISTINCT for the filter's suggestions.
// Build the package first:
//   pnpm --filter @counterpoint/db build
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node packages/db/scripts/bench-audit.mjs --rows 1000000
import { parseArgs } from 'node:util';
import { canonicalJson, chainHash, digestChange, GENESIS_HASH, newId } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import {
  auditChainStatus,
  auditVocabulary,
  rowsOf,
  runAuditVerification,
  searchAudit,
  SYSTEM_ACTOR,
  verifyAuditChain,
} from '../dist/index.js';
import { createTestDatabase } from '../dist/testing.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    since: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
  },
});
const rows = Number(values.rows);
const since = Number(values.since);
const rounds = Number(values.rounds);
if (![rows, since, rounds].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error('--rows, --since and --rounds must be whole numbers of at least 1');
  process.exit(2);
}

const ACTIONS = ['signal.dismissed', 'signal.labelled', 'signal.escalated', 'ingest.batch', 'scores.stored'];
const t = await createTestDatabase();
let prev = GENESIS_HASH;
let seq = 0;
const start = Date.now() - (rows + since) * 1000;

/** Appends `n` well-formed entries in batches of 5,000 (hashes computed here, as appendAudit would). */
async function load(n) {
  const last = await t.db.execute(sql`select seq, hash from audit_log order by seq desc limit 1`);
  const [tail] = rowsOf(last);
  if (tail) ({ seq, hash: prev } = { seq: Number(tail.seq), hash: tail.hash });
  let batch = [];
  const flush = async () => {
    await t.db.execute(sql`
      insert into audit_log (id, seq, at, actor_id, actor_label, action, entity_type, entity_id, change, digest, prev_hash, hash)
      select * from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id text, seq bigint, at timestamptz,
        actor_id text, actor_label text, action text, entity_type text, entity_id text, change jsonb, digest text,
        prev_hash text, hash text)`);
    batch = [];
  };
  for (let i = 0; i < n; i++) {
    seq++;
    const at = new Date(start + seq * 1000);
    const change = JSON.parse(
      canonicalJson({ status: { from: 'new', to: 'dismissed' }, reason: 'Not about the area', n: seq }),
    );
    const row = {
      id: newId('audit', at.getTime()),
      seq,
      at,
      actorId: `usr_${seq % 40}`,
      actorLabel: `analyst${seq % 40}@example.org`,
      action: ACTIONS[seq % ACTIONS.length],
      entityType: 'signal',
      entityId: `sig_${seq}`,
      digest: digestChange(change),
    };
    const hash = chainHash(prev, row);
    batch.push({
      ...row,
      at: at.toISOString(),
      actor_id: row.actorId,
      actor_label: row.actorLabel,
      entity_type: row.entityType,
      entity_id: row.entityId,
      change,
      prev_hash: prev,
      hash,
    });
    prev = hash;
    if (batch.length === 5000) await flush();
  }
  if (batch.length > 0) await flush();
}

async function time(name, run, n = rounds) {
  await run();
  const ms = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await run();
    ms.push(performance.now() - a);
  }
  ms.sort((a, b) => a - b);
  const p = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  console.log(
    `${name.padEnd(52)} p50 ${p(0.5).toFixed(1).padStart(8)} ms   p95 ${p(0.95).toFixed(1).padStart(8)} ms`,
  );
}

try {
  const loading = performance.now();
  await load(rows);
  await t.db.execute(sql`analyze audit_log`);
  console.error(`loaded ${rows} entries in ${((performance.now() - loading) / 1000).toFixed(1)} s`);
  console.log(`audit bench: ${rows} entries, then ${since} written after the full walk; ${rounds} rounds`);
  await time(
    'baseline: walk the whole chain (old page load)',
    () => verifyAuditChain(t.db),
    Math.min(rounds, 2),
  );
  await time('baseline: plain DISTINCT of types and actions', () =>
    t.db.execute(
      sql`select (select array_agg(distinct entity_type) from audit_log), (select array_agg(distinct action) from audit_log)`,
    ),
  );
  const walkStarted = performance.now();
  const walk = await runAuditVerification(t.db, SYSTEM_ACTOR);
  console.log(
    `full walk (the job): ${walk.rows} entries in ${((performance.now() - walkStarted) / 1000).toFixed(1)} s, ok ${walk.ok}`,
  );
  await load(since);
  await time(`chain status (anchor + ${since} since)`, () => auditChainStatus(t.db));
  await time('filter suggestions (index skip)', () => auditVocabulary(t.db));
  await time('newest 50, no filter', () => searchAudit(t.db, {}));
  await time('action filter with no match', () => searchAudit(t.db, { action: 'nothing.here' }));
  await time('one early day', () =>
    searchAudit(t.db, { from: new Date(start), to: new Date(start + 86_400_000) }),
  );
  await time('one entity', () => searchAudit(t.db, { entityType: 'signal', entityId: 'sig_5' }));
} finally {
  await t.drop();
}
