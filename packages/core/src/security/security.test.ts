import { describe, expect, it } from 'vitest';
import { passwordProblems } from './passwords.js';
import {
  AFTER_SUCCESSFUL_SIGN_IN,
  AddressLimiter,
  DEFAULT_SIGN_IN_POLICY as P,
  afterFailedSignIn,
  isLocked,
} from './sign-in-policy.js';

const t0 = new Date('2026-11-29T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('account lock', () => {
  it('locks on the fifth consecutive failure for fifteen minutes, not before', () => {
    let state = { failedSignIns: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < 4; i++) {
      const next = afterFailedSignIn(state, at(i));
      expect(next.lockedNow).toBe(false);
      state = next;
    }
    const fifth = afterFailedSignIn(state, at(4));
    expect(fifth).toEqual({ failedSignIns: 5, lockedUntil: at(19), lockedNow: true });
    expect(isLocked(fifth, at(18))).toBe(true);
    expect(isLocked(fifth, at(19))).toBe(false);
    expect(isLocked(AFTER_SUCCESSFUL_SIGN_IN, at(5))).toBe(false);
  });

  it('doubles the lock for each further run of failures and caps it at a day', () => {
    const second = afterFailedSignIn({ failedSignIns: 9, lockedUntil: at(0) }, at(30));
    expect(second.lockedUntil).toEqual(at(60));
    const late = afterFailedSignIn({ failedSignIns: 499, lockedUntil: null }, at(0));
    expect(late.lockedUntil!.getTime() - at(0).getTime()).toBe(P.maxLockMs);
  });
});

describe('AddressLimiter', () => {
  it('blocks an address after thirty failures in fifteen minutes, until the window moves on', () => {
    const limiter = new AddressLimiter();
    for (let i = 0; i < 29; i++) limiter.recordFailure('192.0.2.1', at(i * 0.25));
    expect(limiter.blockedUntil('192.0.2.1', at(8))).toBeNull();
    limiter.recordFailure('192.0.2.1', at(7.25));
    expect(limiter.blockedUntil('192.0.2.1', at(8))).toEqual(at(15));
    expect(limiter.blockedUntil('192.0.2.1', at(15.01))).toBeNull();
    expect(limiter.blockedUntil('198.51.100.7', at(8))).toBeNull();
  });
});

describe('passwordProblems', () => {
  it('accepts a long passphrase', () => {
    expect(
      passwordProblems('river lantern autumn pebble', { email: 'sam@example.com', name: 'Sam Okafor' }),
    ).toEqual([]);
  });

  it('refuses short, common, repetitive and personal passwords with reasons', () => {
    expect(passwordProblems('short')).toContain('Use at least 12 characters.');
    expect(passwordProblems('Password1234')[0]).toMatch(/first an attacker would try/);
    expect(passwordProblems('aaaaaaaaaaaaaaaa')).toContain('Use more than three different characters.');
    const priya = { email: 'priya.shah@example.com', name: 'Priya Shah' };
    expect(passwordProblems('Priya.Shah.2026', priya)).toContain(
      'Don’t use your e-mail address as your password.',
    );
    expect(passwordProblems('my priya.shah@example.com', priya)).toContain(
      'Don’t use your e-mail address as your password.',
    );
    expect(passwordProblems('Priya Shah 12345', { name: 'Priya Shah' })).toContain(
      'Don’t use your name as your password.',
    );
    // A word of the name or e-mail inside a longer passphrase is fine (the demo sign-ins are so).
    expect(
      passwordProblems('demo-admin-elmshire', { email: 'admin@example.com', name: 'Priya Shah' }),
    ).toEqual([]);
  });
});
