/**
 * When sign-in is refused before a password is even checked. Two limits, because they stop
 * different attacks: per account (guessing one person's password from many places) and per
 * network address (trying many accounts from one place).
 */
export interface SignInPolicy {
  /** Consecutive failures that lock the account. */
  accountFailures: number;
  /** How long the first lock lasts; each further run of failures doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
  /** Failures from one address in `addressWindowMs` before that address must wait. */
  addressFailures: number;
  addressWindowMs: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  accountFailures: 5,
  lockMs: 15 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
  addressFailures: 30,
  addressWindowMs: 15 * 60_000,
};

/** What an account records of its sign-ins: failures since the last success, and any lock. */
export interface AccountSignInState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

export function isLocked(state: AccountSignInState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

/**
 * The state after a wrong password. Every `accountFailures`-th consecutive failure locks the
 * account, each lock twice as long as the one before (a locked account is not asked, so a run of
 * failures can only start once the previous lock has ended).
 */
export function afterFailedSignIn(
  state: AccountSignInState,
  now: Date,
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
): AccountSignInState & { lockedNow: boolean } {
  const failedSignIns = state.failedSignIns + 1;
  if (failedSignIns % policy.accountFailures !== 0) {
    return { failedSignIns, lockedUntil: state.lockedUntil, lockedNow: false };
  }
  const runs = failedSignIns / policy.accountFailures;
  const lockMs = Math.min(policy.lockMs * 2 ** Math.min(runs - 1, 30), policy.maxLockMs);
  return { failedSignIns, lockedUntil: new Date(now.getTime() + lockMs), lockedNow: true };
}

export const AFTER_SUCCESSFUL_SIGN_IN: AccountSignInState = { failedSignIns: 0, lockedUntil: null };

/**
 * Failures per network address in a sliding window, kept in the web process's memory: an
 * address limit only has to slow a scripted attack down, and the account lock (kept in the
 * database) holds across processes and restarts.
 */
export class AddressLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY) {}

  /** When the address may try again, or null when it may try now. */
  blockedUntil(address: string, now: Date): Date | null {
    const recent = this.recent(address, now);
    if (recent.length < this.policy.addressFailures) return null;
    // Free again once enough of the window's failures have aged out of it.
    const oldestThatCounts = recent[recent.length - this.policy.addressFailures]!;
    return new Date(oldestThatCounts + this.policy.addressWindowMs);
  }

  recordFailure(address: string, now: Date): void {
    const recent = this.recent(address, now);
    recent.push(now.getTime());
    this.failures.set(address, recent);
    // Bound the memory an attacker rotating addresses can make us hold.
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(address: string, now: Date): number[] {
    const since = now.getTime() - this.policy.addressWindowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }

  private prune(now: Date): void {
    for (const address of [...this.failures.keys()]) {
      const recent = this.recent(address, now);
      if (recent.length === 0) this.failures.delete(address);
      else this.failures.set(address, recent);
    }
  }
}
