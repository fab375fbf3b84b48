import { addDays, londonDay, type RetentionPlan } from '@counterpoint/core';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit.js';
import { rowsOf } from '../open.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { contacts } from '../schema/contacts.js';
import { escalations } from '../schema/escalations.js';
import { identities, items } from '../schema/items.js';
import { retentionRuns } from '../schema/privacy.js';
import { signals } from '../schema/triage.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { createEscalationRoute } from './escalation-routes.js';
import { activeLegalHold, liftLegalHold, placeLegalHold } from './legal-holds.js';
import { listRetentionPolicies, updateRetentionPolicies } from './retention-policies.js';
import { countRetention, currentRetentionPlan, previewRetention } from './retention-preview.js';
import {
  executeRetentionRun,
  queueRetentionRun,
  recordDryRun,
  trendCountsFinalThrough,
} from './retention-run.js';
import { listRetentionRuns } from './retention-runs.js';
import {
  authorOf,
  createConsentContact,
  createIdentity,
  createNarrativeWith,
  createPlainItem,
} from './retention-testing.js';
import { createTestSignal } from './signals-testing.js';
import { refreshTrendCounts } from './trends.js';
import { createUser } from './users.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const TREND_WINDOW = 35;

let t: TestDatabase;
let sam: { id: string; label: string };
const ids: Record<string, string> = {};

async function exists(
  table: typeof items | typeof signals | typeof identities,
  id: string,
): Promise<boolean> {
  const [row] = await t.db.select({ id: table.id }).from(table).where(eq(table.id, id));
  return row !== undefined;
}

async function plan(): Promise<RetentionPlan> {
  return currentRetentionPlan(t.db, NOW, TREND_WINDOW);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const u = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'sam@example.org',
    name: 'Sam Patel',
    role: 'supervisor',
    password: 'correct-horse-battery-staple',
  });
  sam = { id: u.id, label: u.email };
  const db = t.db;

  // A signal raised 60 days ago and never triaged: its post is old but became a signal.
  const kept = await createTestSignal(db, {
    text: 'Still waiting for review',
    createdAt: ago(60),
    author: authorOf('kept'),
  });
  ids.keptSignal = kept.id;
  ids.keptSignalItem = kept.itemId;

  // Posts that never became signals: three old (one authored by "gone"), one recent.
  ids.oldItem1 = await createPlainItem(db, {
    at: ago(40),
    author: authorOf('gone'),
    category: 'extreme_right',
  });
  ids.oldItem2 = await createPlainItem(db, { at: ago(45), author: authorOf('shared'), category: null });
  ids.oldItem3 = await createPlainItem(db, { at: ago(50), author: authorOf('shared'), category: 'islamist' });
  ids.recentItem = await createPlainItem(db, {
    at: ago(10),
    author: authorOf('recent'),
    category: 'extreme_right',
  });
  // Categorised but still inside the trends job's window (31 days): kept until its count is final.
  ids.windowItem = await createPlainItem(db, {
    at: ago(31),
    author: authorOf('window'),
    category: 'islamist',
  });

  // Dismissed 120 days ago: two free, one held on its own, one held through a narrative.
  for (const name of ['dismissed1', 'dismissed2', 'heldOwn', 'heldNarr']) {
    const s = await createTestSignal(db, {
      text: `Dismissed post ${name}`,
      status: 'dismissed',
      category: 'extreme_right',
      createdAt: ago(120),
      author: authorOf(name),
    });
    ids[name] = s.id;
    ids[`${name}Item`] = s.itemId;
  }
  // Dismissed recently: kept.
  ids.dismissedRecent = (
    await createTestSignal(db, { text: 'Dismissed last week', status: 'dismissed', createdAt: ago(7) })
  ).id;

  // Escalated 800 days ago, with its escalation; and one escalated 100 days ago.
  const routeId = await createEscalationRoute(db, sam, {
    name: 'Platform report',
    kind: 'platform_report',
    category: '',
    districtId: '',
    contact: 'reports@platform.example',
    expectedResponseHours: '24',
    packageContents: ['excerpt', 'link'],
    description: '',
  });
  for (const [name, days] of [
    ['escalatedOld', 800],
    ['escalatedRecent', 100],
  ] as const) {
    const s = await createTestSignal(db, {
      text: `Escalated post ${name}`,
      status: 'escalated',
      category: 'islamist',
      createdAt: ago(days),
      author: authorOf(name),
    });
    ids[name] = s.id;
    await db.insert(escalations).values({
      id: `esc_${name.toLowerCase()}`,
      signalId: s.id,
      routeId,
      reason: 'Test escalation',
      decidedBy: sam.id,
      status: 'closed',
      package: {},
      sentAt: ago(days),
      closedAt: ago(days - 1),
      createdAt: ago(days),
      updatedAt: ago(days),
    });
  }

  ids.narrative = await createNarrativeWith(db, 'Held narrative', [ids.heldNarr!]);

  // Identities: "gone" loses its only post; "shared" loses both; "recent" and "kept" keep theirs;
  // "heldOwn" is named by a held post; "orphan" names no post at all.
  for (const name of ['gone', 'shared', 'recent', 'kept', 'heldOwn', 'dismissed1', 'orphan'])
    ids[`id_${name}`] = await createIdentity(db, authorOf(name), ago(40));

  ids.contactExpired = await createConsentContact(db, { name: 'Ada Expired', expiresOn: londonDay(ago(60)) });
  ids.contactGrace = await createConsentContact(db, { name: 'Bo Grace', expiresOn: londonDay(ago(10)) });
  ids.contactTask = await createConsentContact(db, {
    name: 'Cy Task',
    expiresOn: null,
    basis: 'public_task',
  });
});

afterAll(async () => {
  await t?.drop();
});

describe('retention policies', () => {
  it('seeds sensible defaults, the audit trail among them as kept', async () => {
    const rows = await listRetentionPolicies(t.db);
    const days = Object.fromEntries(rows.map((r) => [r.dataClass, r.days]));
    expect(days).toEqual({
      items_unsignalled: 30,
      signals_dismissed: 90,
      signals_escalated: 730,
      identities: null,
      contacts: 30,
      audit_log: null,
    });
  });

  it('checks every value first and audits each change with before and after', async () => {
    await expect(
      updateRetentionPolicies(t.db, sam, { items_unsignalled: '45', signals_dismissed: 'soon' }),
    ).rejects.toThrow(/not a whole number/);
    expect((await listRetentionPolicies(t.db)).find((r) => r.dataClass === 'items_unsignalled')?.days).toBe(
      30,
    );

    const changed = await updateRetentionPolicies(t.db, sam, {
      items_unsignalled: '45',
      signals_dismissed: '90',
    });
    expect(changed).toEqual(['items_unsignalled']);
    const trail = await t.db
      .select({ change: auditLog.change, actor: auditLog.actorId })
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'retention.policy_changed'), eq(auditLog.entityId, 'items_unsignalled')),
      );
    expect(trail).toEqual([{ change: { from: 30, to: 45 }, actor: sam.id }]);
    await expect(updateRetentionPolicies(t.db, sam, { audit_log: '' })).rejects.toThrow(
      /No retention periods/,
    );
    await updateRetentionPolicies(t.db, sam, { items_unsignalled: '30' });
  });
});

describe('legal holds', () => {
  it('need a reason, are audited, and refuse a second hold on the same thing', async () => {
    await expect(placeLegalHold(t.db, sam, { type: 'signal', id: ids.heldOwn! }, '')).rejects.toThrow(
      /reason/,
    );
    await placeLegalHold(t.db, sam, { type: 'signal', id: ids.heldOwn! }, 'Police request 2026/114');
    await placeLegalHold(t.db, sam, { type: 'narrative', id: ids.narrative! }, 'Inquiry into the narrative');
    await expect(
      placeLegalHold(t.db, sam, { type: 'signal', id: ids.heldOwn! }, 'Another reason'),
    ).rejects.toThrow(/already under a legal hold/);
    await expect(
      placeLegalHold(t.db, sam, { type: 'signal', id: 'sig_missing' }, 'Some reason'),
    ).rejects.toThrow(/does not exist/);
    await expect(placeLegalHold(t.db, sam, { type: 'contact', id: 'x' }, 'Some reason')).rejects.toThrow(
      /signal or a narrative/,
    );
    expect((await activeLegalHold(t.db, 'signal', ids.heldOwn!))?.reason).toBe('Police request 2026/114');
    const [flag] = await t.db
      .select({ h: signals.legalHold })
      .from(signals)
      .where(eq(signals.id, ids.heldOwn!));
    expect(flag?.h).toBe(true);
    const placed = await t.db.select().from(auditLog).where(eq(auditLog.action, 'legal_hold.placed'));
    expect(placed.map((r) => r.entityId).sort()).toEqual([ids.heldOwn, ids.narrative].sort());
  });
});

describe('a retention run', () => {
  let receiptCounts: Record<string, number>;

  it('previews exactly what the real run then removes, and writes that receipt', async () => {
    const p = await plan();
    const preview = await previewRetention(t.db, p, 3);
    expect(preview.counts).toEqual({
      items_unsignalled: 3,
      signals_dismissed: 2,
      signals_escalated: 1,
      // gone, shared, dismissed1, the orphan and the escalated author (no identity row) → 4 rows.
      identities: 4,
      contacts: 1,
    });
    expect(preview.held).toEqual({ signals_dismissed: 2, signals_escalated: 0 });
    expect(preview.samples.items_unsignalled.map((s) => s.id)).toEqual([
      ids.oldItem3,
      ids.oldItem2,
      ids.oldItem1,
    ]);
    expect(JSON.stringify(preview.samples)).not.toContain('never became a signal');
    const dryId = await recordDryRun(t.db, sam, preview);
    // Nothing changed.
    expect(await countRetention(t.db, p)).toEqual(preview.counts);

    const progress: number[] = [];
    const receipt = await executeRetentionRun(t.db, {
      actor: SYSTEM_ACTOR,
      plan: p,
      batchSize: 2,
      onProgress: (done) => progress.push(Object.values(done).reduce((a, b) => a + b, 0)),
    });
    receiptCounts = receipt.counts;
    expect(receipt.counts).toEqual(preview.counts);
    expect(receipt.planned).toEqual(preview.counts);
    // Batches of two: several progress steps, rising to the total.
    expect(progress.length).toBeGreaterThan(4);
    expect(progress.at(-1)).toBe(11);

    const runs = await listRetentionRuns(t.db);
    const real = runs.find((r) => r.id === receipt.runId)!;
    expect(real).toMatchObject({ dryRun: false, status: 'done', counts: preview.counts });
    expect(runs.find((r) => r.id === dryId)).toMatchObject({ dryRun: true, counts: preview.counts });
    const [audited] = await t.db
      .select({ change: auditLog.change })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'retention.run'), eq(auditLog.entityId, receipt.runId)));
    expect((audited?.change as { counts: unknown }).counts).toEqual(preview.counts);
  });

  it('removed the old content and kept the rest', async () => {
    for (const k of ['oldItem1', 'oldItem2', 'oldItem3', 'dismissed1Item', 'dismissed2Item'])
      expect(await exists(items, ids[k]!), k).toBe(false);
    for (const k of ['dismissed1', 'dismissed2', 'escalatedOld'])
      expect(await exists(signals, ids[k]!), k).toBe(false);
    expect(await t.db.select().from(escalations).where(eq(escalations.signalId, ids.escalatedOld!))).toEqual(
      [],
    );
    for (const k of ['recentItem', 'windowItem']) expect(await exists(items, ids[k]!), k).toBe(true);
    for (const k of ['dismissedRecent', 'escalatedRecent'])
      expect(await exists(signals, ids[k]!), k).toBe(true);
    for (const k of ['id_gone', 'id_shared', 'id_dismissed1', 'id_orphan'])
      expect(await exists(identities, ids[k]!), k).toBe(false);
    for (const k of ['id_recent', 'id_kept']) expect(await exists(identities, ids[k]!), k).toBe(true);
  });

  it('does not delete posts that became signals under the never-signalled class', async () => {
    expect(await exists(signals, ids.keptSignal!)).toBe(true);
    expect(await exists(items, ids.keptSignalItem!)).toBe(true);
  });

  it('keeps signals held on their own or through a narrative, with their posts and authors', async () => {
    for (const k of ['heldOwn', 'heldNarr']) {
      expect(await exists(signals, ids[k]!), k).toBe(true);
      expect(await exists(items, ids[`${k}Item`]!), k).toBe(true);
    }
    expect(await exists(identities, ids.id_heldOwn!)).toBe(true);
  });

  it('erases expired-consent contacts past their grace, leaving the record', async () => {
    const rows = await t.db.select().from(contacts);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids.contactExpired!)).toMatchObject({ name: '', email: null });
    expect(byId.get(ids.contactExpired!)?.erasedAt).toBeInstanceOf(Date);
    expect(byId.get(ids.contactGrace!)).toMatchObject({ name: 'Bo Grace', erasedAt: null });
    expect(byId.get(ids.contactTask!)).toMatchObject({ name: 'Cy Task', erasedAt: null });
  });

  it('counted the deleted content for trends first, and the trends job cannot recount it', async () => {
    const dismissedDay = londonDay(ago(120));
    const count = async (day: string) =>
      rowsOf<{ category: string; items: number; signals: number }>(
        await t.db.execute(
          sql`select category, items, signals from trend_counts where day = ${day}::date order by category`,
        ),
      );
    // Four dismissed signals that day (two deleted, two held), each with its post.
    expect(await count(dismissedDay)).toEqual([{ category: 'extreme_right', items: 4, signals: 4 }]);
    expect(await count(londonDay(ago(40)))).toEqual([{ category: 'extreme_right', items: 1, signals: 0 }]);
    expect(await count(londonDay(ago(50)))).toEqual([{ category: 'islamist', items: 1, signals: 0 }]);
    expect(await trendCountsFinalThrough(t.db)).toBe(addDays(londonDay(NOW), -TREND_WINDOW));
    // The trends job's own refresh of its window leaves those days alone.
    await refreshTrendCounts(t.db, {
      from: addDays(londonDay(NOW), -(TREND_WINDOW - 1)),
      to: londonDay(NOW),
    });
    expect(await count(dismissedDay)).toEqual([{ category: 'extreme_right', items: 4, signals: 4 }]);
  });

  it('finds nothing more to do at once; a lifted hold lets the next run remove the signal', async () => {
    const p = await plan();
    expect(await countRetention(t.db, p)).toEqual({
      items_unsignalled: 0,
      signals_dismissed: 0,
      signals_escalated: 0,
      identities: 0,
      contacts: 0,
    });
    await expect(liftLegalHold(t.db, sam, { type: 'signal', id: ids.heldOwn! }, 'no')).rejects.toThrow(
      /reason/,
    );
    await liftLegalHold(t.db, sam, { type: 'signal', id: ids.heldOwn! }, 'Police case closed');
    await expect(
      liftLegalHold(t.db, sam, { type: 'signal', id: ids.heldOwn! }, 'Again please'),
    ).rejects.toThrow(/not under a legal hold/);
    const preview = await previewRetention(t.db, p);
    const receipt = await executeRetentionRun(t.db, { actor: SYSTEM_ACTOR, plan: p });
    expect(receipt.counts).toEqual(preview.counts);
    expect(receipt.counts).toMatchObject({ signals_dismissed: 1, identities: 1 });
    expect(await exists(signals, ids.heldOwn!)).toBe(false);
    // The narrative's hold still covers its signal.
    expect(await exists(signals, ids.heldNarr!)).toBe(true);
    expect(receiptCounts.signals_dismissed).toBe(2);
  });

  it('leaves the audit chain whole', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('lets only one queued run wait at a time', async () => {
    const first = await queueRetentionRun(t.db, sam);
    await expect(queueRetentionRun(t.db, sam)).rejects.toThrow(/already under way/);
    const receipt = await executeRetentionRun(t.db, {
      actor: SYSTEM_ACTOR,
      plan: await plan(),
      runId: first,
    });
    expect(receipt.runId).toBe(first);
    const [row] = await t.db.select().from(retentionRuns).where(eq(retentionRuns.id, first));
    expect(row).toMatchObject({ status: 'done', dryRun: false });
    // Carried out by the worker, receipted in the name of the person who asked for it.
    const [receiptRow] = await t.db
      .select({ actor: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'retention.run'), eq(auditLog.entityId, first)));
    expect(receiptRow?.actor).toBe(sam.id);
    await expect(executeRetentionRun(t.db, { actor: sam, plan: await plan(), runId: first })).rejects.toThrow(
      /not waiting to start/,
    );
  });
});
