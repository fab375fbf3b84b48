import { DomainError } from '../errors/errors.js';
import { addDays, isDay } from '../campaigns/london.js';

/**
 * The locality risk register as pure rules: how likelihood × impact becomes a rating, when a review
 * or a plan action is overdue (in Europe/London days), which status changes are allowed, and how a
 * submitted risk or action is checked. The database layer and the pages ask these functions.
 */

// Kept equal to the database's CHECK lists (a db test compares them).
export const RISK_STATUS_CODES = ['open', 'treating', 'tolerated', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUS_CODES)[number];
export const PLAN_ACTION_STATUS_CODES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type PlanActionStatus = (typeof PLAN_ACTION_STATUS_CODES)[number];
export const RISK_LINK_TYPE_CODES = ['narrative', 'space', 'campaign'] as const;
export type RiskLinkType = (typeof RISK_LINK_TYPE_CODES)[number];

/** The five steps of each scale, as the 5×5 matrix labels them. */
export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const;

export const RISK_BANDS = ['low', 'moderate', 'high', 'very_high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/**
 * Bands of the score (likelihood × impact, 1–25), as most UK public-sector 5×5 matrices draw them:
 * 1–3 low, 4–6 moderate, 8–12 high, 15–25 very high. (7, 11, 13, 14 cannot occur.)
 */
export function riskBand(likelihood: number, impact: number): RiskBand {
  const score = likelihood * impact;
  if (score >= 15) return 'very_high';
  if (score >= 8) return 'high';
  if (score >= 4) return 'moderate';
  return 'low';
}

export const RISK_BAND_LABELS: Readonly<Record<RiskBand, string>> = {
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
  very_high: 'Very high',
};

/**
 * How long until the next review, by band: the higher the risk, the sooner the partnership looks at
 * it again. The form suggests this date; the owner may choose another.
 */
export const REVIEW_INTERVAL_DAYS: Readonly<Record<RiskBand, number>> = {
  very_high: 30,
  high: 91,
  moderate: 182,
  low: 365,
};

export function suggestedReviewOn(band: RiskBand, today: string): string {
  return addDays(today, REVIEW_INTERVAL_DAYS[band]);
}

/** Reviews and actions "due soon" within this many days are flagged before they become overdue. */
export const DUE_SOON_DAYS = 14;

export type DueState = 'overdue' | 'due_soon' | 'on_track' | 'none';

/**
 * A closed risk needs no review. An open one is overdue the day after its review date (London
 * day): a review due today is due, not late. No date at all is 'none', which the register shows
 * as "no review date" because every live risk should have one.
 */
export function reviewState(risk: { status: RiskStatus; reviewOn: string | null }, today: string): DueState {
  if (risk.status === 'closed' || !risk.reviewOn) return 'none';
  if (risk.reviewOn < today) return 'overdue';
  if (risk.reviewOn <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return 'on_track';
}

/** Done and cancelled actions are never overdue; open ones are overdue the day after their due date. */
export function actionState(
  action: { status: PlanActionStatus; dueOn: string | null },
  today: string,
): DueState {
  if (!planActionOpen(action.status) || !action.dueOn) return 'none';
  if (action.dueOn < today) return 'overdue';
  if (action.dueOn <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return 'on_track';
}

export function planActionOpen(status: PlanActionStatus): boolean {
  return status === 'not_started' || status === 'in_progress';
}

// ─── Status changes ──────────────────────────────────────────────────────────────────────────────

/**
 * A risk may move between open, treating and tolerated freely; closing needs every plan action
 * finished or cancelled (an open mitigation on a closed risk would be forgotten), and treating needs
 * at least one live mitigation. A closed risk can be re-opened.
 */
export function riskStatusBlocker(
  to: RiskStatus,
  facts: { status: RiskStatus; actions: ReadonlyArray<{ status: PlanActionStatus }> },
): string | null {
  if (to === facts.status) return `The risk is already ${statusWords(to)}.`;
  if (facts.status === 'closed' && to !== 'open') return 'Re-open a closed risk before changing it further.';
  if (to === 'closed' && facts.actions.some((a) => planActionOpen(a.status)))
    return 'Finish or cancel its open plan actions before closing the risk.';
  if (to === 'treating' && !facts.actions.some((a) => planActionOpen(a.status)))
    return 'Add a plan action first: a risk is being treated when a mitigation is under way.';
  return null;
}

export function assertRiskStatusChange(
  to: RiskStatus,
  facts: { status: RiskStatus; actions: ReadonlyArray<{ status: PlanActionStatus }> },
): void {
  const why = riskStatusBlocker(to, facts);
  if (why) throw new DomainError('invalid_state', why);
}

/** The statuses a risk can move to now (each with what blocks it, for the page's buttons). */
export function riskStatusOptions(facts: {
  status: RiskStatus;
  actions: ReadonlyArray<{ status: PlanActionStatus }>;
}): Array<{ to: RiskStatus; blockedBy: string | null }> {
  return RISK_STATUS_CODES.filter((s) => s !== facts.status).map((to) => ({
    to,
    blockedBy: riskStatusBlocker(to, facts),
  }));
}

/** Finished or cancelled actions can be re-opened (back to in progress, or to not started). */
export function assertPlanActionStatusChange(from: PlanActionStatus, to: PlanActionStatus): void {
  if (from === to) return;
  if (from === 'done' && to === 'cancelled')
    throw new DomainError('invalid_state', 'A finished action cannot be cancelled; re-open it first.');
}

function statusWords(s: string): string {
  return s.replace(/_/g, ' ');
}

// ─── Input ───────────────────────────────────────────────────────────────────────────────────────

export interface RiskInput {
  title: string;
  description: string;
  /** Null for a county-wide risk. */
  districtId: string | null;
  likelihood: number;
  impact: number;
  ownerId: string | null;
  reviewOn: string | null;
}

export interface PlanActionInput {
  title: string;
  ownerId: string | null;
  dueOn: string | null;
  status: PlanActionStatus;
}

export type FieldResult<T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<keyof T, string>> };

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function scale(v: unknown): number | null {
  const s = text(v);
  return /^[1-5]$/.test(s) ? Number(s) : null;
}

/** Checks a submitted risk; whether the district and owner exist is the database's check. */
export function parseRiskInput(raw: Record<string, unknown>): FieldResult<RiskInput> {
  const errors: Partial<Record<keyof RiskInput, string>> = {};
  const title = text(raw.title);
  if (title.length < 3) errors.title = 'Give the risk a title of at least 3 characters.';
  else if (title.length > 200) errors.title = 'Keep the title under 200 characters.';
  const description = text(raw.description);
  if (description.length > 4000) errors.description = 'Keep the description under 4,000 characters.';
  const likelihood = scale(raw.likelihood);
  if (likelihood === null) errors.likelihood = 'Choose a likelihood from 1 (rare) to 5 (almost certain).';
  const impact = scale(raw.impact);
  if (impact === null) errors.impact = 'Choose an impact from 1 (negligible) to 5 (severe).';
  const reviewOn = text(raw.reviewOn) || null;
  if (reviewOn !== null && !isDay(reviewOn)) errors.reviewOn = 'Enter the review date as a date.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title,
      description,
      districtId: text(raw.districtId) || null,
      likelihood: likelihood!,
      impact: impact!,
      ownerId: text(raw.ownerId) || null,
      reviewOn,
    },
  };
}

export function isPlanActionStatus(v: unknown): v is PlanActionStatus {
  return typeof v === 'string' && (PLAN_ACTION_STATUS_CODES as readonly string[]).includes(v);
}

export function isRiskStatus(v: unknown): v is RiskStatus {
  return typeof v === 'string' && (RISK_STATUS_CODES as readonly string[]).includes(v);
}

export function isRiskLinkType(v: unknown): v is RiskLinkType {
  return typeof v === 'string' && (RISK_LINK_TYPE_CODES as readonly string[]).includes(v);
}

/** A mitigation needs what and by when; an owner is strongly expected but may be agreed later. */
export function parsePlanActionInput(raw: Record<string, unknown>): FieldResult<PlanActionInput> {
  const errors: Partial<Record<keyof PlanActionInput, string>> = {};
  const title = text(raw.title);
  if (title.length < 3) errors.title = 'Say what the action is (at least 3 characters).';
  else if (title.length > 300) errors.title = 'Keep the action under 300 characters.';
  const dueOn = text(raw.dueOn) || null;
  if (dueOn === null) errors.dueOn = 'Give the action a due date.';
  else if (!isDay(dueOn)) errors.dueOn = 'Enter the due date as a date.';
  const status = text(raw.status) || 'not_started';
  if (!isPlanActionStatus(status)) errors.status = 'Choose one of the statuses offered.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { title, ownerId: text(raw.ownerId) || null, dueOn, status: status as PlanActionStatus },
  };
}

// ─── The register as a whole ─────────────────────────────────────────────────────────────────────

/** Counts of risks in each cell: `cells[impact - 1][likelihood - 1]`. */
export function riskMatrix(rows: ReadonlyArray<{ likelihood: number; impact: number }>): number[][] {
  const cells = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const r of rows) {
    if (r.likelihood < 1 || r.likelihood > 5 || r.impact < 1 || r.impact > 5) continue;
    cells[r.impact - 1]![r.likelihood - 1]! += 1;
  }
  return cells;
}

export const RISK_SORTS = ['score', 'review', 'updated', 'title'] as const;
export type RiskSort = (typeof RISK_SORTS)[number];

/**
 * The register's orders. "score" (the default) puts the worst first, then the soonest review;
 * "review" puts overdue reviews first; undated reviews always go last.
 */
export function sortRisks<
  T extends { likelihood: number; impact: number; reviewOn: string | null; updatedAt: Date; title: string },
>(rows: readonly T[], sort: RiskSort): T[] {
  const review = (a: T, b: T) => (a.reviewOn ?? '9999').localeCompare(b.reviewOn ?? '9999');
  const score = (a: T, b: T) => b.likelihood * b.impact - a.likelihood * a.impact || b.impact - a.impact;
  const byTitle = (a: T, b: T) => a.title.localeCompare(b.title, 'en-GB');
  const cmp: Record<RiskSort, (a: T, b: T) => number> = {
    score: (a, b) => score(a, b) || review(a, b) || byTitle(a, b),
    review: (a, b) => review(a, b) || score(a, b),
    updated: (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime(),
    title: byTitle,
  };
  return [...rows].sort(cmp[sort]);
}
