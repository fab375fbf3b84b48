import { DomainError } from '../errors/errors.js';
import { can, type Role } from '../permissions/permissions.js';

/**
 * The rules of an identity reveal, with no I/O: who may ask, who may decide, how long an approved
 * reveal lasts and who may look at it. The database layer applies them inside its transactions.
 */

export const REVEAL_DEFAULT_HOURS = 24;
/** A window longer than three days stops being "a limited time"; shorter than an hour is useless. */
export const REVEAL_MIN_HOURS = 1;
export const REVEAL_MAX_HOURS = 72;
/** Long enough that "checking" cannot pass as a purpose; the decider reads it. */
export const MIN_PURPOSE_LENGTH = 20;
export const MAX_PURPOSE_LENGTH = 2000;
export const MIN_REFUSAL_LENGTH = 5;

export type RevealStatus = 'requested' | 'approved' | 'refused' | 'expired';

/** What a reveal is now, reading the clock: an approval past its expiry is expired. */
export type RevealState = RevealStatus;

export interface RevealFacts {
  requesterId: string;
  status: RevealStatus;
  expiresAt: Date | null;
}

export function revealState(reveal: Pick<RevealFacts, 'status' | 'expiresAt'>, now: Date): RevealState {
  if (reveal.status === 'approved' && (!reveal.expiresAt || reveal.expiresAt.getTime() <= now.getTime())) {
    return 'expired';
  }
  return reveal.status;
}

/** The purpose as stored: trimmed, and long enough for a supervisor to judge it. */
export function checkRevealPurpose(purpose: string): string {
  const p = purpose.trim();
  if (p.length < MIN_PURPOSE_LENGTH) {
    throw new DomainError(
      'invalid_input',
      `State the purpose in at least ${MIN_PURPOSE_LENGTH} characters: the supervisor decides on it.`,
      { field: 'purpose' },
    );
  }
  if (p.length > MAX_PURPOSE_LENGTH) {
    throw new DomainError('invalid_input', `Keep the purpose under ${MAX_PURPOSE_LENGTH} characters.`, {
      field: 'purpose',
    });
  }
  return p;
}

export function checkCanRequestReveal(role: Role): void {
  if (!can(role, 'identity:request')) {
    throw new DomainError('forbidden', 'Your role cannot ask for an identity reveal.');
  }
}

export type RevealDecision = 'approve' | 'refuse';

/**
 * Checks a decision and returns the note to store. Four eyes: the person who asked never decides,
 * whatever their role. Only a pending request can be decided, and a refusal says why.
 */
export function checkRevealDecision(input: {
  reveal: RevealFacts;
  deciderId: string;
  deciderRole: Role;
  decision: RevealDecision;
  note: string;
}): string | null {
  if (!can(input.deciderRole, 'identity:approve')) {
    throw new DomainError('forbidden', 'Only a supervisor can decide on an identity reveal.');
  }
  if (input.reveal.requesterId === input.deciderId) {
    throw new DomainError('four_eyes', 'You asked for this reveal, so another supervisor must decide on it.');
  }
  if (input.reveal.status !== 'requested') {
    throw new DomainError('invalid_state', `This request was already ${input.reveal.status}.`, {
      status: input.reveal.status,
    });
  }
  const note = input.note.trim();
  if (input.decision === 'refuse' && note.length < MIN_REFUSAL_LENGTH) {
    throw new DomainError('invalid_input', 'Give the reason for refusing: the requester reads it.', {
      field: 'note',
    });
  }
  if (note.length > MAX_PURPOSE_LENGTH) {
    throw new DomainError('invalid_input', `Keep the note under ${MAX_PURPOSE_LENGTH} characters.`, {
      field: 'note',
    });
  }
  return note.length > 0 ? note : null;
}

/** The reveal window setting, checked; anything else is refused rather than clamped. */
export function checkRevealHours(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < REVEAL_MIN_HOURS || n > REVEAL_MAX_HOURS) {
    throw new DomainError(
      'invalid_input',
      `The reveal window is a whole number of hours from ${REVEAL_MIN_HOURS} to ${REVEAL_MAX_HOURS}.`,
      { field: 'hours' },
    );
  }
  return n;
}

/** A stored setting read leniently: a missing or damaged value falls back to the default. */
export function revealHoursOrDefault(value: unknown): number {
  try {
    return checkRevealHours(value);
  } catch {
    return REVEAL_DEFAULT_HOURS;
  }
}

export function revealExpiry(decidedAt: Date, hours: number): Date {
  return new Date(decidedAt.getTime() + checkRevealHours(hours) * 3_600_000);
}

/** Only the requester, and only while the approval lasts. Nobody else, supervisors included. */
export function canViewReveal(reveal: RevealFacts, viewerId: string, now: Date): boolean {
  return reveal.requesterId === viewerId && revealState(reveal, now) === 'approved';
}

export function checkCanViewReveal(reveal: RevealFacts, viewerId: string, now: Date): void {
  if (reveal.requesterId !== viewerId) {
    throw new DomainError('forbidden', 'Only the person who asked for this reveal can see the identity.');
  }
  const state = revealState(reveal, now);
  if (state !== 'approved') {
    throw new DomainError(
      'invalid_state',
      state === 'expired'
        ? 'This reveal has expired; the identity is hidden again. Ask again if you still need it.'
        : `This reveal is ${state}, so the identity stays hidden.`,
      { state },
    );
  }
}
