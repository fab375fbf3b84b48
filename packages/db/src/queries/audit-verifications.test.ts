import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mutate, SYSTEM_ACTOR, type Actor } from '../audit.js';
import { rowsOf } from '../open.js';
import { ensureReferenceData } from '../reference.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { auditChainStatus } from './audit-chain-status.js';
import {
  abandonAuditVerification,
  queueAuditVerification,
  recentAuditVerifications,
  runAuditVerification,
} from './audit-verifications.js';
import { createUser } from './users.js';

// Each test has its own database: the chain is the whole table, so tests sharing one would see
// each other's entries and tampering.
let d: TestDatabase;
let sup: Actor;
beforeEach(async () => {
  d = await createTestDatabase();
  await ensureReferenceData(d.db);
  const u = await createUser(d.db, SYSTEM_ACTOR, {
    email: 'sup@example.org',
    name: 'Sam Supervisor',
    role: 'supervisor',
    password: 'correct-horse-battery-staple',
  });
  sup = { id: u.id, label: u.email };
});
afterEach(async () => {
  await d?.drop();
});

async function touch(n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await mutate(d.db, SYSTEM_ACTOR, () =>
      Promise.resolve({
        result: null,
        audit: { action: 'test.touch', entityType: 'test', entityId: `t${i}`, change: { i } },
      }),
    );
}

const lastSeq = async () =>
  Number(rowsOf<{ seq: string }>(await d.db.execute(sql`select max(seq) as seq from audit_log`))[0]!.seq);

describe('full walks of the audit chain', () => {
  it('walks every entry page by page, stores its progress and records an intact verdict in the chain', async () => {
    await touch(5);
    const total = await lastSeq();
    const r = await runAuditVerification(d.db, SYSTEM_ACTOR, { pageSize: 2 });
    expect(r).toMatchObject({ ok: true, rows: total });
    const [row] = await recentAuditVerifications(d.db, 1);
    expect(row).toMatchObject({
      status: 'done',
      ok: true,
      totalRows: total,
      checkedRows: total,
      throughSeq: total,
    });
    const verdicts = rowsOf<{ change: { ok: boolean; throughSeq: number; verification: string } }>(
      await d.db.execute(sql`select change from audit_log where action = 'audit.verified'`),
    );
    expect(verdicts).toEqual([
      { change: expect.objectContaining({ ok: true, throughSeq: total, verification: r.id }) as unknown },
    ]);
  });

  it('names the first edited entry, and a deleted entry as missing', async () => {
    await touch(6);
    await d.db.execute(sql`update audit_log set change = '{"i": 99}' where seq = 4`);
    const edited = await runAuditVerification(d.db, SYSTEM_ACTOR, { pageSize: 2 });
    expect(edited).toMatchObject({ ok: false, rows: 3, brokenAt: { seq: 4 } });
    expect((await recentAuditVerifications(d.db, 1))[0]).toMatchObject({
      ok: false,
      brokenSeq: 4,
      checkedRows: 3,
    });

    await d.db.execute(sql`delete from audit_log where seq = 4`);
    const deleted = await runAuditVerification(d.db, SYSTEM_ACTOR, { pageSize: 2 });
    expect(deleted.brokenAt).toMatchObject({ seq: 5, reason: expect.stringContaining('missing') as unknown });
  });

  it('one request at a time: a second request joins the walk already queued; a lost walk is written off', async () => {
    const first = await queueAuditVerification(d.db, sup);
    const second = await queueAuditVerification(d.db, sup);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const requested = rowsOf<{ n: number }>(
      await d.db.execute(
        sql`select count(*)::int as n from audit_log where action = 'audit.verification_requested'`,
      ),
    );
    expect(requested[0]!.n).toBe(1);

    // Two hours on, nothing ran it: a new request writes it off and queues its own.
    const later = await queueAuditVerification(d.db, sup, new Date(Date.now() + 2 * 3600_000));
    expect(later.created).toBe(true);
    const [newest, lost] = await recentAuditVerifications(d.db, 2);
    expect(newest).toMatchObject({ id: later.id, status: 'queued', requestedByName: 'Sam Supervisor' });
    expect(lost).toMatchObject({
      id: first.id,
      status: 'failed',
      error: expect.stringContaining('did not finish') as unknown,
    });

    await abandonAuditVerification(d.db, later.id, 'The job queue could not be reached.');
    expect((await recentAuditVerifications(d.db, 1))[0]).toMatchObject({ status: 'failed' });
    expect((await queueAuditVerification(d.db, sup)).created).toBe(true);
  });

  it('runs a requested walk on its own row', async () => {
    await touch(2);
    const { id } = await queueAuditVerification(d.db, sup);
    const r = await runAuditVerification(d.db, SYSTEM_ACTOR, { id });
    expect(r.id).toBe(id);
    expect((await recentAuditVerifications(d.db, 5)).map((v) => [v.id, v.status])).toEqual([[id, 'done']]);
  });
});

describe('the chain status the audit page shows', () => {
  it('with no finished walk, walks the whole chain now', async () => {
    await touch(4);
    const rows = await lastSeq(); // the reference data and the user wrote entries too
    const s = await auditChainStatus(d.db, { pageSize: 3 });
    expect(s).toEqual({ ok: true, rows, fullCheck: null, checkedNow: rows });
  });

  it('after a walk, checks only the entry it ended on and the entries written since', async () => {
    await touch(5);
    const covered = await lastSeq();
    const walk = await runAuditVerification(d.db, SYSTEM_ACTOR);
    await touch(3);
    const s = await auditChainStatus(d.db, { pageSize: 2 });
    // Written since the walk: its own verdict and three more; the anchor is checked again too.
    expect(s).toMatchObject({
      ok: true,
      rows: covered + 4,
      checkedNow: 5,
      fullCheck: { id: walk.id, throughSeq: covered },
    });
  });

  it('finds an edit after the walk, and an edit to the entry the walk ended on', async () => {
    await touch(5);
    const end = await lastSeq();
    await runAuditVerification(d.db, SYSTEM_ACTOR);
    await touch(2);
    const later = end + 2;
    await d.db.execute(sql`update audit_log set change = '{"i": 42}' where seq = ${later}`);
    expect(await auditChainStatus(d.db)).toMatchObject({ ok: false, brokenAt: { seq: later } });

    await d.db.execute(sql`update audit_log set action = 'test.rewritten' where seq = ${end}`);
    expect(await auditChainStatus(d.db)).toMatchObject({
      ok: false,
      brokenAt: { seq: end, reason: 'its contents no longer match its hash' },
    });
    // Rewriting its hash too does not hide it: the walk recorded the hash it saw.
    await d.db.execute(sql`update audit_log set hash = repeat('a', 64) where seq = ${end}`);
    expect((await auditChainStatus(d.db)).brokenAt).toMatchObject({
      seq: end,
      reason: expect.stringContaining('recorded') as unknown,
    });
  });

  it('an edit before the walk’s end waits for the next full walk, which then reports it', async () => {
    await touch(5);
    await runAuditVerification(d.db, SYSTEM_ACTOR);
    await d.db.execute(sql`update audit_log set change = '{"i": 7}' where seq = 2`);
    const before = await auditChainStatus(d.db);
    expect(before.ok).toBe(true);
    await runAuditVerification(d.db, SYSTEM_ACTOR);
    expect(await auditChainStatus(d.db)).toMatchObject({ ok: false, brokenAt: { seq: 2 }, checkedNow: 0 });
  });
});
