import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/errors.js';
import {
  parseRetentionDays,
  planRetention,
  retentionProgress,
  RETENTION_CLASS_INFO,
  REMOVABLE_CLASSES,
  validHoldReason,
} from './retention.js';

const DEFAULTS = [
  { dataClass: 'items_unsignalled', days: 30 },
  { dataClass: 'signals_dismissed', days: 90 },
  { dataClass: 'signals_escalated', days: 730 },
  { dataClass: 'identities', days: null },
  { dataClass: 'contacts', days: 30 },
  { dataClass: 'audit_log', days: null },
];

describe('planRetention', () => {
  it('counts cut-offs back from the London day, not the UTC one', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    const plan = planRetention(DEFAULTS, new Date('2026-06-30T23:30:00Z'), { trendWindowDays: 35 });
    expect(plan.today).toBe('2026-07-01');
    expect(plan.cutoffs.items_unsignalled).toBe('2026-06-01');
    expect(plan.cutoffs.signals_dismissed).toBe('2026-04-02');
    expect(plan.cutoffs.signals_escalated).toBe('2024-07-01');
    expect(plan.cutoffs.contacts).toBe('2026-06-01');
    expect(plan.cutoffs.identities).toBeNull();
    // The trends job recomputes today and the 34 days before it.
    expect(plan.countsFinalBefore).toBe('2026-05-28');
  });

  it('keeps a class that has no stored policy, and never plans the audit log', () => {
    const plan = planRetention(
      [{ dataClass: 'items_unsignalled', days: 30 }],
      new Date('2026-03-10T12:00:00Z'),
      {
        trendWindowDays: 35,
      },
    );
    expect(plan.cutoffs.signals_dismissed).toBeNull();
    expect(plan.cutoffs.contacts).toBeNull();
    expect(Object.keys(plan.cutoffs)).not.toContain('audit_log');
    expect(Object.keys(plan.cutoffs).sort()).toEqual([...REMOVABLE_CLASSES].sort());
  });

  it('gives an identities cut-off when a period is set', () => {
    const plan = planRetention([{ dataClass: 'identities', days: 10 }], new Date('2026-03-10T12:00:00Z'), {
      trendWindowDays: 1,
    });
    expect(plan.cutoffs.identities).toBe('2026-02-28');
    expect(plan.countsFinalBefore).toBe('2026-03-10');
  });

  it('refuses a nonsense trends window', () => {
    expect(() => planRetention(DEFAULTS, new Date(), { trendWindowDays: 0 })).toThrow(DomainError);
  });
});

describe('parseRetentionDays', () => {
  it('accepts whole days inside the range', () => {
    expect(parseRetentionDays('items_unsignalled', '45')).toBe(45);
    expect(parseRetentionDays('signals_escalated', 730)).toBe(730);
    expect(parseRetentionDays('contacts', '0')).toBe(0);
  });

  it('lets optional classes be blank and refuses blank for the others', () => {
    expect(parseRetentionDays('identities', '  ')).toBeNull();
    expect(() => parseRetentionDays('items_unsignalled', '')).toThrow(/enter a number of days/);
  });

  it('refuses fractions, negatives, text and out-of-range values with the class named', () => {
    expect(() => parseRetentionDays('items_unsignalled', '2.5')).toThrow(/not a whole number/);
    expect(() => parseRetentionDays('items_unsignalled', '-3')).toThrow(/not a whole number/);
    expect(() => parseRetentionDays('items_unsignalled', 'thirty')).toThrow(/not a whole number/);
    expect(() => parseRetentionDays('items_unsignalled', '3')).toThrow(/between 7 and 3650/);
    expect(() => parseRetentionDays('signals_escalated', '10')).toThrow(
      /Escalated signals: choose between 30/,
    );
  });

  it('never lets the audit trail be given a period', () => {
    expect(RETENTION_CLASS_INFO.audit_log.editable).toBe(false);
    expect(() => parseRetentionDays('audit_log', '30')).toThrow(/always kept/);
  });

  it('refuses an unknown class', () => {
    expect(() => parseRetentionDays('everything', '30')).toThrow(/not a data class/);
  });
});

describe('retentionProgress', () => {
  it('is the share of planned removals done', () => {
    expect(
      retentionProgress({ items_unsignalled: 8, identities: 2 }, { items_unsignalled: 4, identities: 1 }),
    ).toBe(0.5);
    expect(retentionProgress(null, {})).toBe(1);
    expect(retentionProgress({ contacts: 1 }, { contacts: 3 })).toBe(1);
  });
});

describe('validHoldReason', () => {
  it('needs a real reason and tidies spaces', () => {
    expect(validHoldReason('  Police   request ref 42 ', true)).toBe('Police request ref 42');
    expect(() => validHoldReason('x', true)).toThrow(/placing the legal hold/);
    expect(() => validHoldReason(undefined, false)).toThrow(/lifting the legal hold/);
    expect(() => validHoldReason('a'.repeat(501), true)).toThrow(/under 500/);
    expect(() => validHoldReason('Court order\u0000 42', true)).toThrow(/cannot be stored/);
  });
});
