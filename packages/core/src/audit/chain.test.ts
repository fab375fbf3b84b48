import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, digestChange, GENESIS_HASH, verifyChain, type ChainRow } from './chain.js';

function build(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const change = { field: 'status', to: `s${i}` };
    const base = {
      id: `aud_${String(i).padStart(26, '0')}`,
      seq: i,
      at: new Date(1_700_000_000_000 + i),
      actorId: 'usr_x',
      actorLabel: 'Ann Analyst',
      action: 'signal.update',
      entityType: 'signal',
      entityId: 'sig_1',
      digest: digestChange(change),
    };
    const hash = chainHash(prev, base);
    rows.push({ ...base, prevHash: prev, hash, change });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(build(5))).toEqual({ ok: true, rows: 5 });
  });

  it('names the first row whose change was edited', () => {
    const rows = build(5);
    rows[2]!.change = { field: 'status', to: 'forged' };
    const verdict = verifyChain(rows);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenAt.seq).toBe(3);
  });

  it('finds a deleted row', () => {
    const rows = build(5);
    rows.splice(1, 1);
    const verdict = verifyChain(rows);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenAt.reason).toMatch(/missing/);
  });

  it('finds a row whose actor was rewritten with a recomputed digest', () => {
    const rows = build(3);
    rows[1]!.actorLabel = 'Someone Else';
    const verdict = verifyChain(rows);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.brokenAt.seq).toBe(2);
  });

  it('writes keys in a stable order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      '{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}',
    );
  });
});
