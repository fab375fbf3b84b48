import { DomainError } from '../errors/errors.js';
import { addDays, londonDay } from '../trends/days.js';

/**
 * Retention by data class: how long each kind of held data is kept, and the cut-off dates a run
 * works to. Pure: the database layer turns a plan into SQL; nothing here reads a clock of its own.
 *
 * Cut-offs are London calendar days, not instants, so a dry run in the morning and the real run in
 * the afternoon of the same day select the same rows (the receipt equals the preview).
 */

export const RETENTION_CLASSES = [
  'items_unsignalled',
  'signals_dismissed',
  'signals_escalated',
  'identities',
  'contacts',
  'audit_log',
] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

/** The classes a run removes something from (the audit log is never among them). */
export const REMOVABLE_CLASSES = [
  'items_unsignalled',
  'signals_dismissed',
  'signals_escalated',
  'identities',
  'contacts',
] as const satisfies readonly RetentionClass[];
export type RemovableClass = (typeof REMOVABLE_CLASSES)[number];

export interface RetentionClassInfo {
  label: string;
  /** What a run does to data past its period, in plain words for the Admin page. */
  effect: string;
  /** What the number of days counts from. */
  clock: string;
  /** Whether the class may be left without a period of its own (null days). */
  optional: boolean;
  /** Whether the period can be changed at all. */
  editable: boolean;
  minDays: number;
  maxDays: number;
  defaultDays: number | null;
}

export const RETENTION_CLASS_INFO: Readonly<Record<RetentionClass, RetentionClassInfo>> = {
  items_unsignalled: {
    label: 'Items that never became signals',
    effect: 'Deleted with their scores and places. Daily counts for trends are kept.',
    clock: 'after collection',
    optional: false,
    editable: true,
    minDays: 7,
    maxDays: 3650,
    defaultDays: 30,
  },
  signals_dismissed: {
    label: 'Dismissed signals',
    effect: 'The signal, its posts and notes are deleted. Daily counts for trends are kept.',
    clock: 'after dismissal, or after the last copy seen if later',
    optional: false,
    editable: true,
    minDays: 7,
    maxDays: 3650,
    defaultDays: 90,
  },
  signals_escalated: {
    label: 'Escalated signals',
    effect: 'The signal, its posts, notes and escalation packages are deleted.',
    clock: 'after the last escalation activity',
    optional: false,
    editable: true,
    minDays: 30,
    maxDays: 3650,
    defaultDays: 730,
  },
  identities: {
    label: 'Author identities (encrypted)',
    effect:
      'Never kept longer than the posts that name them. With a period set, also deleted that long after the author was last seen.',
    clock: 'after the author was last seen',
    optional: true,
    editable: true,
    minDays: 1,
    maxDays: 3650,
    defaultDays: null,
  },
  contacts: {
    label: 'Community contacts held on consent',
    effect:
      'Personal details are erased (name, role, e-mail, phone); the record stays so engagement history adds up.',
    clock: 'of grace after consent expires',
    optional: true,
    editable: true,
    minDays: 0,
    maxDays: 365,
    defaultDays: 30,
  },
  audit_log: {
    label: 'Audit trail',
    effect: 'Kept. The audit trail is never deleted; retention runs add their receipts to it.',
    clock: 'kept',
    optional: true,
    editable: false,
    minDays: 0,
    maxDays: 0,
    defaultDays: null,
  },
};

export function isRetentionClass(value: unknown): value is RetentionClass {
  return typeof value === 'string' && (RETENTION_CLASSES as readonly string[]).includes(value);
}

/**
 * Reads the number of days an administrator typed for a class. Blank means "no period of its own"
 * where the class allows it. Throws a DomainError with a message fit for the form.
 */
export function parseRetentionDays(dataClass: string, raw: unknown): number | null {
  if (!isRetentionClass(dataClass))
    throw new DomainError('invalid_input', `“${dataClass}” is not a data class retention knows.`);
  const info = RETENTION_CLASS_INFO[dataClass];
  if (!info.editable)
    throw new DomainError('invalid_input', `${info.label}: the period cannot be changed, it is always kept.`);
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    if (info.optional) return null;
    throw new DomainError('invalid_input', `${info.label}: enter a number of days.`);
  }
  if (!/^\d{1,5}$/.test(text))
    throw new DomainError('invalid_input', `${info.label}: “${text}” is not a whole number of days.`);
  const days = Number(text);
  if (days < info.minDays || days > info.maxDays)
    throw new DomainError(
      'invalid_input',
      `${info.label}: choose between ${info.minDays} and ${info.maxDays} days.`,
    );
  return days;
}

export interface RetentionPolicyDays {
  dataClass: string;
  days: number | null;
}

export interface RetentionPlan {
  /** The London day the run counts from. */
  today: string;
  /**
   * Per class, the first London day that is kept: data dated before it goes. Null when the class
   * has no clock (identities without a period still lose those no post names any more).
   * For contacts it applies to the consent expiry day.
   */
  cutoffs: Record<RemovableClass, string | null>;
  /**
   * Content dated before this day is safe to delete as far as trends are concerned: the trends job
   * recomputes only later days, so the counts already made from it can no longer change.
   */
  countsFinalBefore: string;
}

/**
 * Cut-off days for every class from the stored policies. A class missing from the policies keeps
 * its data (an unknown state is never a reason to delete); the audit log has no cut-off at all.
 */
export function planRetention(
  policies: readonly RetentionPolicyDays[],
  now: Date,
  options: { trendWindowDays: number },
): RetentionPlan {
  const today = londonDay(now);
  const byClass = new Map(policies.map((p) => [p.dataClass, p]));
  const cutoffs = {} as Record<RemovableClass, string | null>;
  for (const dataClass of REMOVABLE_CLASSES) {
    const policy = byClass.get(dataClass);
    const days = policy?.days ?? null;
    cutoffs[dataClass] = days === null ? null : addDays(today, -days);
  }
  if (!Number.isInteger(options.trendWindowDays) || options.trendWindowDays < 1)
    throw new DomainError('invalid_input', 'The trends window must be a whole number of days, at least 1.');
  return { today, cutoffs, countsFinalBefore: addDays(today, -(options.trendWindowDays - 1)) };
}

export type RetentionCounts = Record<RemovableClass, number>;

export function emptyCounts(): RetentionCounts {
  return {
    items_unsignalled: 0,
    signals_dismissed: 0,
    signals_escalated: 0,
    identities: 0,
    contacts: 0,
  };
}

export function totalOf(counts: Partial<Record<string, number>>): number {
  let n = 0;
  for (const c of REMOVABLE_CLASSES) n += counts[c] ?? 0;
  return n;
}

/** Share of the planned work done, 0–1 (1 when nothing was planned). */
export function retentionProgress(
  planned: Partial<Record<string, number>> | null,
  done: Partial<Record<string, number>>,
): number {
  const total = totalOf(planned ?? {});
  if (total === 0) return 1;
  return Math.min(1, totalOf(done) / total);
}

/** Why a legal hold is placed or lifted: required, short enough to read in a list. */
export function validHoldReason(raw: unknown, placing: boolean): string {
  const verb = placing ? 'placing' : 'lifting';
  // PostgreSQL text cannot hold NUL, and control characters have no place in a reason.
  if (typeof raw === 'string' && /[\u0000-\u0008\u000e-\u001f\u007f]/.test(raw))
    throw new DomainError(
      'invalid_input',
      `The reason for ${verb} the hold contains characters that cannot be stored.`,
    );
  const reason = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (reason.length < 5)
    throw new DomainError(
      'invalid_input',
      `Give a reason for ${verb} the legal hold (at least 5 characters).`,
    );
  if (reason.length > 500)
    throw new DomainError('invalid_input', `Keep the reason for ${verb} the hold under 500 characters.`);
  return reason;
}
