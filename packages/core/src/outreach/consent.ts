import { addDays, ukDay } from './dates.js';

/**
 * Consent review. A contact held on consent has an expiry day; before it passes, the contact's
 * owner gets one task to renew it or stop contacting them. The planning here is pure so that the
 * "only once" rule can be tested without a database; the scheduled job applies the plan.
 */

export const CONSENT_TASK_KIND = 'consent_expiry';
/** How far ahead a task is raised: long enough to arrange a renewal conversation. */
export const CONSENT_LEAD_DAYS = 30;
/** When consent is recorded without an expiry, it lapses after this many months. */
export const CONSENT_DEFAULT_MONTHS = 24;

export type ConsentStatus = 'not_applicable' | 'current' | 'expiring' | 'expired';

export function consentStatus(
  expiresOn: string | null,
  today: string,
  leadDays: number = CONSENT_LEAD_DAYS,
): ConsentStatus {
  if (!expiresOn) return 'not_applicable';
  if (expiresOn < today) return 'expired';
  if (expiresOn <= addDays(today, leadDays)) return 'expiring';
  return 'current';
}

/** Contacts whose consent expires on or before this day need a task today. */
export function consentHorizon(today: string, leadDays: number = CONSENT_LEAD_DAYS): string {
  return addDays(today, leadDays);
}

export interface ConsentCandidate {
  id: string;
  name: string;
  ownerId: string | null;
  consentExpiresOn: string | null;
  erased: boolean;
}

export interface ExistingConsentTask {
  id: string;
  /** The contact the task is about. */
  entityId: string;
  /** The expiry day the task was raised for. */
  dueOn: string | null;
  done: boolean;
}

export interface ConsentTaskDraft {
  kind: typeof CONSENT_TASK_KIND;
  title: string;
  dueOn: string;
  assigneeId: string | null;
  entityType: 'contact';
  entityId: string;
}

export type ConsentCloseReason = 'consent_changed' | 'contact_erased' | 'contact_removed';

export interface ConsentTaskPlan {
  raise: ConsentTaskDraft[];
  /** Open tasks that no longer apply: the expiry day changed (renewed), or the contact is gone. */
  close: Array<{ id: string; reason: ConsentCloseReason }>;
}

export function consentTaskTitle(name: string, expiresOn: string, today: string): string {
  const verb = expiresOn < today ? 'expired' : 'expires';
  return `Consent for ${name} ${verb} on ${ukDay(expiresOn)}: renew it or stop contacting them`;
}

/**
 * What the daily job should do. A task is keyed by (contact, expiry day): one is raised per expiry
 * and never again for the same day, even after it is marked done, so a lapsed consent nobody
 * renewed does not come back every morning. A renewal (a new expiry day) closes the open task and,
 * if the new day is itself close, raises a fresh one.
 *
 * `contacts` must hold every contact that is due (expiry on or before the horizon, not erased) and
 * every contact an open consent task refers to; `existing` every consent task for those contacts.
 */
export function planConsentTasks(
  contacts: readonly ConsentCandidate[],
  existing: readonly ExistingConsentTask[],
  today: string,
  leadDays: number = CONSENT_LEAD_DAYS,
): ConsentTaskPlan {
  const horizon = consentHorizon(today, leadDays);
  const byContact = new Map<string, ExistingConsentTask[]>();
  for (const t of existing) byContact.set(t.entityId, [...(byContact.get(t.entityId) ?? []), t]);
  const plan: ConsentTaskPlan = { raise: [], close: [] };
  const seen = new Set<string>();
  for (const c of contacts) {
    seen.add(c.id);
    const tasks = byContact.get(c.id) ?? [];
    const due = !c.erased && c.consentExpiresOn !== null && c.consentExpiresOn <= horizon;
    for (const t of tasks) {
      if (t.done) continue;
      if (c.erased) plan.close.push({ id: t.id, reason: 'contact_erased' });
      else if (t.dueOn !== c.consentExpiresOn) plan.close.push({ id: t.id, reason: 'consent_changed' });
    }
    if (!due) continue;
    const expiresOn = c.consentExpiresOn!;
    if (tasks.some((t) => t.dueOn === expiresOn)) continue;
    plan.raise.push({
      kind: CONSENT_TASK_KIND,
      title: consentTaskTitle(c.name, expiresOn, today),
      dueOn: expiresOn,
      assigneeId: c.ownerId,
      entityType: 'contact',
      entityId: c.id,
    });
  }
  // The caller passes every contact an open task refers to, so a task left over here is about a
  // contact that no longer exists.
  for (const t of existing) {
    if (!t.done && !seen.has(t.entityId)) plan.close.push({ id: t.id, reason: 'contact_removed' });
  }
  return plan;
}
