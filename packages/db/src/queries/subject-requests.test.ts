import { createHash } from 'node:crypto';
import { newId } from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Actor } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { campaignContacts, campaigns } from '../schema/campaigns.js';
import { contacts, organisations, tasks } from '../schema/contacts.js';
import { engagementContacts, engagements } from '../schema/outreach.js';
import { notes } from '../schema/triage.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { auditRowsMatching, searchAudit } from './audit-viewer.js';
import { createTestSignal } from './signals-testing.js';
import {
  eraseContact,
  exportContact,
  findContactsForRequest,
  heldContentForPseudonym,
} from './subject-requests.js';
import { createUser } from './users.js';

describe('data subject requests and the audit viewer', () => {
  let d: TestDatabase;
  let sup: Actor;
  const contactId = newId('contact');

  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
    const u = await createUser(
      d.db,
      { id: null, label: 'test' },
      {
        email: 'sup@example.org',
        name: 'Sam Supervisor',
        role: 'supervisor',
        password: 'a long enough password',
      },
    );
    sup = { id: u.id, label: u.email };
    const orgId = newId('organisation');
    await d.db.insert(organisations).values({ id: orgId, name: 'Ashford Youth Club', kind: 'youth_group' });
    await d.db.insert(contacts).values({
      id: contactId,
      organisationId: orgId,
      name: 'Priya Shah',
      email: 'priya@example.org',
      phone: '01632 960000',
      lawfulBasis: 'consent',
      consentGivenOn: '2026-01-01',
    });
    const engId = newId('engagement');
    await d.db
      .insert(engagements)
      .values({ id: engId, kind: 'meeting', title: 'Youth forum', occurredOn: '2026-03-02' });
    await d.db.insert(engagementContacts).values({ engagementId: engId, contactId });
    const cmpId = newId('campaign');
    await d.db
      .insert(campaigns)
      .values({ id: cmpId, title: 'Hate hurts', ownerId: u.id } as typeof campaigns.$inferInsert);
    await d.db.insert(campaignContacts).values({ campaignId: cmpId, contactId });
    await d.db.insert(notes).values({
      id: newId('note'),
      entityType: 'contact',
      entityId: contactId,
      authorId: u.id,
      body: 'Prefers phone',
    });
    await d.db.insert(tasks).values({
      id: newId('task'),
      kind: 'consent_expiry',
      title: 'Renew consent',
      entityType: 'contact',
      entityId: contactId,
    });
  });
  afterAll(async () => {
    await d.drop();
  });

  it('exports everything held about a contact and records the export', async () => {
    expect((await findContactsForRequest(d.db, 'priya')).map((c) => c.id)).toEqual([contactId]);
    const doc = await exportContact(d.db, sup, contactId);
    expect(doc.contact.email).toBe('priya@example.org');
    expect(doc.organisation?.name).toBe('Ashford Youth Club');
    expect(doc.engagements.map((e) => e.title)).toEqual(['Youth forum']);
    expect(doc.campaigns.map((c) => c.title)).toEqual(['Hate hurts']);
    expect(doc.notes.map((n) => n.body)).toEqual(['Prefers phone']);
    expect(doc.tasks).toHaveLength(1);
    const rows = await d.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, contactId), eq(auditLog.action, 'contact.export')));
    expect(rows).toHaveLength(1);
  });

  it('erases a contact with a reason, removing its links, once', async () => {
    await expect(eraseContact(d.db, sup, contactId, 'asked')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const removed = await eraseContact(d.db, sup, contactId, 'Erasure request received 28 Nov by letter.');
    expect(removed).toEqual({ engagementLinks: 1, campaignLinks: 1, notes: 1, tasks: 1 });
    const [c] = await d.db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(c).toMatchObject({ name: '', email: null, phone: null, organisationId: null });
    expect(c!.erasedAt).toBeInstanceOf(Date);
    expect(await d.db.select().from(engagementContacts)).toHaveLength(0);
    expect(await findContactsForRequest(d.db, 'priya')).toHaveLength(0);
    await expect(eraseContact(d.db, sup, contactId, 'Erasure request again.')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    const { rows } = await searchAudit(d.db, { entityType: 'contact', action: 'contact.erase' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.change).toMatchObject({ reason: 'Erasure request received 28 Nov by letter.' });
  });

  it('lists what is held under a pseudonym and records the lookup without the handle', async () => {
    const p = createHash('sha256').update('someone').digest('hex');
    await createTestSignal(d.db, { text: 'first post', author: p });
    await createTestSignal(d.db, { text: 'second post', author: p, status: 'dismissed' });
    await createTestSignal(d.db, { text: 'someone else' });
    const held = await heldContentForPseudonym(d.db, sup, { platform: 'mastodon', pseudonym: p });
    expect(held).toMatchObject({
      items: 2,
      signals: 2,
      signalsByStatus: { new: 1, dismissed: 1 },
      identityHeld: false,
    });
    expect(held.recentSignals).toHaveLength(2);
    const { rows } = await searchAudit(d.db, { action: 'subject' });
    expect(rows.map((r) => r.entityId)).toEqual([p]);
    await expect(
      heldContentForPseudonym(d.db, sup, { platform: 'x', pseudonym: 'nope' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('filters and pages the audit trail by seq without gaps or repeats', async () => {
    const all = await searchAudit(d.db, {}, { limit: 500 });
    expect(all.nextBeforeSeq).toBeNull();
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await searchAudit(d.db, {}, { beforeSeq: before, limit: 2 });
      seen.push(...page.rows.map((r) => r.seq));
      if (page.nextBeforeSeq === null) break;
      before = page.nextBeforeSeq;
    }
    expect(seen).toEqual(all.rows.map((r) => r.seq));
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    const byActor = await searchAudit(d.db, { actor: 'SUP@example' });
    expect(byActor.rows.length).toBeGreaterThanOrEqual(3);
    expect(byActor.rows.every((r) => r.actorId === sup.id)).toBe(true);
    expect((await searchAudit(d.db, { actor: '100%_' })).rows).toHaveLength(0);
    const future = await searchAudit(d.db, { from: new Date(Date.now() + 86_400_000) });
    expect(future.rows).toHaveLength(0);
    const streamed: number[] = [];
    for await (const r of auditRowsMatching(d.db, { entityType: 'contact' }, 1)) streamed.push(r.seq);
    expect(streamed).toHaveLength(2);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });
});
