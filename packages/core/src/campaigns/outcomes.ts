import { addDays, daysBetween } from './london.js';

/**
 * What a campaign's outcome panel compares. The "after" window starts the day after the campaign
 * ends and is as long as the campaign ran; the "before" window is the same number of days ending
 * the day before it started. While the after window is still running both are cut to the days that
 * have passed, so the two sides always cover the same number of days. Before a campaign has ended
 * there is nothing to compare yet; the panel says when there will be.
 *
 * This is association, not attribution: the panel always carries a caveat saying so.
 */

export interface DayRange {
  /** First day, inclusive (yyyy-mm-dd, Europe/London). */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

export type OutcomeWindows =
  | { kind: 'undated' }
  | { kind: 'not_ended'; afterOpensOn: string }
  | { kind: 'ready'; days: number; complete: boolean; before: DayRange; after: DayRange };

export function outcomeWindows(
  startsOn: string | null,
  endsOn: string | null,
  today: string,
): OutcomeWindows {
  if (!startsOn || !endsOn || endsOn < startsOn) return { kind: 'undated' };
  const length = daysBetween(startsOn, endsOn) + 1;
  const afterFrom = addDays(endsOn, 1);
  if (today < afterFrom) return { kind: 'not_ended', afterOpensOn: afterFrom };
  // Today counts only once it is over: the after window ends yesterday at the latest.
  const elapsed = Math.min(length, daysBetween(afterFrom, today));
  if (elapsed <= 0) return { kind: 'not_ended', afterOpensOn: addDays(afterFrom, 1) };
  return {
    kind: 'ready',
    days: elapsed,
    complete: elapsed === length,
    before: { from: addDays(startsOn, -elapsed), to: addDays(startsOn, -1) },
    after: { from: afterFrom, to: addDays(afterFrom, elapsed - 1) },
  };
}

export interface VolumeComparison {
  before: number;
  after: number;
  change: number;
  /** Percentage change; null when there was nothing before to compare with. */
  percent: number | null;
  direction: 'down' | 'up' | 'same';
}

export function compareVolumes(before: number, after: number): VolumeComparison {
  const change = after - before;
  return {
    before,
    after,
    change,
    percent: before === 0 ? null : Math.round((change / before) * 1000) / 10,
    direction: change < 0 ? 'down' : change > 0 ? 'up' : 'same',
  };
}

export interface ActivityTally {
  planned: number;
  delivered: number;
  cancelled: number;
  /** Sums over delivered activities where a figure was entered. */
  reach: number;
  engagement: number;
  /** Delivered activities still missing a reach figure. */
  missingReach: number;
}

export function tallyActivities(
  activities: ReadonlyArray<{ status: string; reach: number | null; engagement: number | null }>,
): ActivityTally {
  const t: ActivityTally = {
    planned: 0,
    delivered: 0,
    cancelled: 0,
    reach: 0,
    engagement: 0,
    missingReach: 0,
  };
  for (const a of activities) {
    if (a.status === 'delivered') {
      t.delivered++;
      if (a.reach === null) t.missingReach++;
      t.reach += a.reach ?? 0;
      t.engagement += a.engagement ?? 0;
    } else if (a.status === 'cancelled') t.cancelled++;
    else t.planned++;
  }
  return t;
}

export const OUTCOME_CAVEAT =
  'These counts show what happened before and after the campaign, not why. Signal volumes rise and fall for many reasons (news, collection coverage, how analysts triage), so a change here does not prove the campaign caused it.';
