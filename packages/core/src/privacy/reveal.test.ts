import { describe, expect, it } from 'vitest';
import {
  REVEAL_DEFAULT_HOURS,
  canViewReveal,
  checkCanViewReveal,
  checkRevealDecision,
  checkRevealHours,
  checkRevealPurpose,
  revealExpiry,
  revealHoursOrDefault,
  revealState,
  type RevealFacts,
} from './reveal.js';

const now = new Date('2026-11-29T10:00:00Z');
const pending: RevealFacts = { requesterId: 'usr_a', status: 'requested', expiresAt: null };
const approved: RevealFacts = {
  requesterId: 'usr_a',
  status: 'approved',
  expiresAt: new Date('2026-11-29T12:00:00Z'),
};

describe('identity reveal rules', () => {
  it('refuses a decision by the person who asked, even a supervisor', () => {
    expect(() =>
      checkRevealDecision({
        reveal: pending,
        deciderId: 'usr_a',
        deciderRole: 'supervisor',
        decision: 'approve',
        note: '',
      }),
    ).toThrow(expect.objectContaining({ code: 'four_eyes' }));
  });

  it('lets another supervisor approve, but not an analyst or an administrator', () => {
    expect(
      checkRevealDecision({
        reveal: pending,
        deciderId: 'usr_b',
        deciderRole: 'supervisor',
        decision: 'approve',
        note: ' ',
      }),
    ).toBeNull();
    for (const role of ['analyst', 'admin'] as const) {
      expect(() =>
        checkRevealDecision({
          reveal: pending,
          deciderId: 'usr_b',
          deciderRole: role,
          decision: 'approve',
          note: '',
        }),
      ).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
  });

  it('needs a reason to refuse and decides a request only once', () => {
    const base = { reveal: pending, deciderId: 'usr_b', deciderRole: 'supervisor' as const };
    expect(() => checkRevealDecision({ ...base, decision: 'refuse', note: 'no' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(checkRevealDecision({ ...base, decision: 'refuse', note: '  Not proportionate.  ' })).toBe(
      'Not proportionate.',
    );
    expect(() => checkRevealDecision({ ...base, reveal: approved, decision: 'approve', note: '' })).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
  });

  it('wants a real purpose', () => {
    expect(() => checkRevealPurpose('checking')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(checkRevealPurpose('  Referral to Channel panel needs the account named.  ')).toBe(
      'Referral to Channel panel needs the account named.',
    );
  });

  it('hides an approved reveal again once it expires', () => {
    expect(revealState(approved, now)).toBe('approved');
    expect(canViewReveal(approved, 'usr_a', now)).toBe(true);
    const later = new Date('2026-11-29T12:00:00Z');
    expect(revealState(approved, later)).toBe('expired');
    expect(canViewReveal(approved, 'usr_a', later)).toBe(false);
    expect(() => checkCanViewReveal(approved, 'usr_a', later)).toThrow(/expired/);
  });

  it('shows the identity to nobody but the requester', () => {
    expect(canViewReveal(approved, 'usr_b', now)).toBe(false);
    expect(() => checkCanViewReveal(approved, 'usr_b', now)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(canViewReveal(pending, 'usr_a', now)).toBe(false);
  });

  it('sets the expiry from the window, default 24 hours, bounded', () => {
    expect(revealExpiry(now, REVEAL_DEFAULT_HOURS).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(checkRevealHours('8')).toBe(8);
    for (const bad of [0, 73, 1.5, 'x', '', null]) expect(() => checkRevealHours(bad)).toThrow();
    expect(revealHoursOrDefault(undefined)).toBe(24);
    expect(revealHoursOrDefault(12)).toBe(12);
  });
});
