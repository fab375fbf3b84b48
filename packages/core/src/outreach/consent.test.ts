import { describe, expect, it } from 'vitest';
import {
  CONSENT_TASK_KIND,
  consentHorizon,
  consentStatus,
  planConsentTasks,
  type ConsentCandidate,
  type ExistingConsentTask,
} from './consent.js';
import { addDays, addMonths, daysBetween, isDay, londonDay } from './dates.js';

const today = '2026-11-29';
const contact = (over: Partial<ConsentCandidate> = {}): ConsentCandidate => ({
  id: 'con_1',
  name: 'Amina Patel',
  ownerId: 'usr_owner',
  consentExpiresOn: '2026-12-10',
  erased: false,
  ...over,
});

describe('day arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-29', '2026-12-29')).toBe(30);
    expect(daysBetween('2026-12-29', '2026-11-29')).toBe(-30);
  });

  it('clamps months to the last day', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2026-11-29', 24)).toBe('2028-11-29');
  });

  it('rejects days that do not exist', () => {
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });

  it('takes today in London, not UTC', () => {
    // 23:30 UTC on 31 May is 00:30 BST on 1 June.
    expect(londonDay(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    // In winter London is on UTC.
    expect(londonDay(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('consentStatus', () => {
  it('is expiring within the lead time and expired after the day', () => {
    expect(consentStatus(null, today)).toBe('not_applicable');
    expect(consentStatus('2027-06-01', today)).toBe('current');
    expect(consentStatus(consentHorizon(today), today)).toBe('expiring');
    expect(consentStatus(addDays(consentHorizon(today), 1), today)).toBe('current');
    expect(consentStatus(today, today)).toBe('expiring');
    expect(consentStatus('2026-11-28', today)).toBe('expired');
  });
});

describe('planConsentTasks', () => {
  it('raises one task for the owner, due on the expiry day', () => {
    const plan = planConsentTasks([contact()], [], today);
    expect(plan.close).toEqual([]);
    expect(plan.raise).toEqual([
      {
        kind: CONSENT_TASK_KIND,
        title: 'Consent for Amina Patel expires on 10 Dec 2026: renew it or stop contacting them',
        dueOn: '2026-12-10',
        assigneeId: 'usr_owner',
        entityType: 'contact',
        entityId: 'con_1',
      },
    ]);
  });

  it('says "expired" for a consent already past', () => {
    const plan = planConsentTasks([contact({ consentExpiresOn: '2026-11-01' })], [], today);
    expect(plan.raise[0]?.title).toMatch(/expired on 1 Nov 2026/);
  });

  it('raises nothing beyond the lead time, for erased contacts, or without an expiry', () => {
    const plan = planConsentTasks(
      [
        contact({ id: 'a', consentExpiresOn: addDays(today, 31) }),
        contact({ id: 'b', erased: true }),
        contact({ id: 'c', consentExpiresOn: null }),
      ],
      [],
      today,
    );
    expect(plan).toEqual({ raise: [], close: [] });
  });

  it('raises only once per expiry: not while one is open, nor after it was done', () => {
    const open: ExistingConsentTask = { id: 't1', entityId: 'con_1', dueOn: '2026-12-10', done: false };
    expect(planConsentTasks([contact()], [open], today)).toEqual({ raise: [], close: [] });
    const done = { ...open, done: true };
    expect(planConsentTasks([contact()], [done], addDays(today, 20))).toEqual({ raise: [], close: [] });
  });

  it('closes the open task when consent is renewed, raising a new one if the new day is near', () => {
    const open: ExistingConsentTask = { id: 't1', entityId: 'con_1', dueOn: '2026-12-10', done: false };
    const renewedFar = planConsentTasks([contact({ consentExpiresOn: '2028-12-10' })], [open], today);
    expect(renewedFar).toEqual({ raise: [], close: [{ id: 't1', reason: 'consent_changed' }] });
    const movedNear = planConsentTasks([contact({ consentExpiresOn: '2026-12-20' })], [open], today);
    expect(movedNear.close).toEqual([{ id: 't1', reason: 'consent_changed' }]);
    expect(movedNear.raise.map((t) => t.dueOn)).toEqual(['2026-12-20']);
  });

  it('closes tasks for erased or removed contacts', () => {
    const tasks: ExistingConsentTask[] = [
      { id: 't1', entityId: 'con_1', dueOn: '2026-12-10', done: false },
      { id: 't2', entityId: 'con_gone', dueOn: '2026-12-01', done: false },
      { id: 't3', entityId: 'con_gone', dueOn: '2026-01-01', done: true },
    ];
    const plan = planConsentTasks([contact({ erased: true })], tasks, today);
    expect(plan.raise).toEqual([]);
    expect(plan.close).toEqual([
      { id: 't1', reason: 'contact_erased' },
      { id: 't2', reason: 'contact_removed' },
    ]);
  });
});
