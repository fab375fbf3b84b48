import { randomBytes } from 'node:crypto';
import { encryptIdentity, newId, pseudonym } from '@counterpoint/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../audit.js';
import { verifyAuditChain } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { auditLog } from '../schema/audit.js';
import { identities } from '../schema/items.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import {
  decideIdentityReveal,
  getRevealHours,
  listRevealRequests,
  requestIdentityReveal,
  revealPanelForSignal,
  setRevealHours,
  viewRevealedIdentity,
} from './identity-reveals.js';
import { createTestSignal } from './signals-testing.js';
import { createUser } from './users.js';

const key = new Uint8Array(randomBytes(32));
const secret = 'reveal-test-secret';
const PURPOSE = 'Referral to the Channel panel needs the account named.';

describe('identity reveals', () => {
  let d: TestDatabase;
  const people: Record<'analyst' | 'analyst2' | 'sup' | 'sup2' | 'admin', Actor> = {} as never;
  let signalId: string;
  const author = pseudonym(secret, 'mastodon', '@Jo@social.example');

  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
    const make = async (name: keyof typeof people, role: string) => {
      const u = await createUser(
        d.db,
        { id: null, label: 'test' },
        {
          email: `${name}@example.org`,
          name,
          role,
          password: 'a long enough password',
        },
      );
      people[name] = { id: u.id, label: u.email };
    };
    await make('analyst', 'analyst');
    await make('analyst2', 'analyst');
    await make('sup', 'supervisor');
    await make('sup2', 'supervisor');
    await make('admin', 'admin');
    ({ id: signalId } = await createTestSignal(d.db, { text: 'A post about the town', author }));
    const sealed = encryptIdentity(key, { handle: 'jo@social.example', displayName: 'Jo Bloggs' }, author);
    await d.db
      .insert(identities)
      .values({ id: newId('identity'), pseudonym: author, platform: 'mastodon', ...sealed });
  });
  afterAll(async () => {
    await d.drop();
  });

  async function auditRows(entityId: string, action: string) {
    return d.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)));
  }

  it('refuses a purpose that says nothing and writes nothing', async () => {
    const before = (await verifyAuditChain(d.db)).rows;
    await expect(
      requestIdentityReveal(d.db, people.analyst, { signalId, purpose: 'checking' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await verifyAuditChain(d.db)).rows).toBe(before);
  });

  it('lets the requester not approve their own request, even a supervisor', async () => {
    const { id } = await requestIdentityReveal(d.db, people.sup, { signalId, purpose: PURPOSE });
    await expect(
      decideIdentityReveal(d.db, people.sup, id, { decision: 'approve', note: '' }),
    ).rejects.toMatchObject({ code: 'four_eyes' });
    await expect(
      decideIdentityReveal(d.db, people.admin, id, { decision: 'approve', note: '' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const refused = await decideIdentityReveal(d.db, people.sup2, id, {
      decision: 'refuse',
      note: 'Not proportionate to the purpose.',
    });
    expect(refused).toEqual({ status: 'refused', expiresAt: null });
    expect(await auditRows(id, 'identity_reveal.refuse')).toHaveLength(1);
    await expect(viewRevealedIdentity(d.db, people.sup, id, key)).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('shows an approved identity to the requester only, auditing every view, and hides it after expiry', async () => {
    await setRevealHours(d.db, people.sup, '2');
    expect(await getRevealHours(d.db)).toBe(2);
    const t0 = new Date();
    const { id } = await requestIdentityReveal(d.db, people.analyst, { signalId, purpose: PURPOSE }, t0);
    await expect(
      requestIdentityReveal(d.db, people.analyst, { signalId, purpose: PURPOSE }, t0),
    ).rejects.toMatchObject({ code: 'conflict' });
    const { pending } = await listRevealRequests(d.db, { now: t0 });
    expect(pending.map((p) => [p.id, p.signalId, p.requesterName])).toEqual([[id, signalId, 'analyst']]);

    const decided = await decideIdentityReveal(d.db, people.sup, id, { decision: 'approve', note: '' }, t0);
    expect(decided.expiresAt!.getTime() - t0.getTime()).toBe(2 * 3_600_000);
    await expect(
      decideIdentityReveal(d.db, people.sup2, id, { decision: 'refuse', note: 'Changed my mind' }),
    ).rejects.toMatchObject({ code: 'invalid_state' });

    const during = new Date(t0.getTime() + 3_600_000);
    const seen = await viewRevealedIdentity(d.db, people.analyst, id, key, during);
    expect(seen.identity).toEqual({ handle: 'jo@social.example', displayName: 'Jo Bloggs' });
    await viewRevealedIdentity(d.db, people.analyst, id, key, during);
    const views = await auditRows(id, 'identity_reveal.view');
    expect(views).toHaveLength(2);
    expect(views[0]!.actorId).toBe(people.analyst.id);
    expect(JSON.stringify(views[0]!.change)).not.toContain('jo@social.example');

    for (const other of [people.analyst2, people.sup]) {
      await expect(viewRevealedIdentity(d.db, other, id, key, during)).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    expect((await revealPanelForSignal(d.db, people.analyst2.id!, signalId, during)).mine).toBeNull();
    expect((await revealPanelForSignal(d.db, people.analyst.id!, signalId, during)).mine?.state).toBe(
      'approved',
    );

    const after = new Date(t0.getTime() + 2 * 3_600_000 + 1);
    await expect(viewRevealedIdentity(d.db, people.analyst, id, key, after)).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect((await revealPanelForSignal(d.db, people.analyst.id!, signalId, after)).mine?.state).toBe(
      'expired',
    );
    expect(await auditRows(id, 'identity_reveal.view')).toHaveLength(2);
    // Once expired, asking again is allowed.
    await requestIdentityReveal(d.db, people.analyst, { signalId, purpose: PURPOSE }, after);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('refuses a window outside 1 to 72 hours', async () => {
    await expect(setRevealHours(d.db, people.sup, 0)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(setRevealHours(d.db, people.sup, 'a week')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
