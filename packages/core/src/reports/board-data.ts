/**
 * What the board report's queries return (packages/db board-report.ts): raw counts and durations
 * for one period and area, and the same headline counts for the previous period. Everything is
 * already filtered; packages/core board.ts only shapes it into tables.
 */

export interface BoardArea {
  /** null for the whole county. */
  districtId: string | null;
  name: string;
}

export interface BoardSignalCell {
  category: string | null;
  /** null: the post named no district of the county (unplaced). */
  districtId: string | null;
  count: number;
}

export interface BoardEscalationCount {
  routeId: string;
  route: string;
  kind: string;
  status: string;
  contentRemoved: boolean;
  count: number;
}

export interface BoardNarrativeVolume {
  id: string;
  title: string;
  /** The status analysts recorded (emerging, active, declining, dormant). */
  status: string;
  /** Recorded (created) within the period. */
  createdInPeriod: boolean;
  current: number;
  previous: number;
}

export interface BoardCampaign {
  id: string;
  title: string;
  status: string;
  delivered: number;
  reach: number;
  engagement: number;
  /** Delivered activities with no reach figure entered. */
  missingReach: number;
  /** Signals on the campaign's narratives before and after it (see campaigns/outcomes.ts); null when not measurable yet. */
  outcome: { before: number; after: number; days: number; complete: boolean } | null;
  /** Why there is no outcome yet, when there is none. */
  outcomeNote: string | null;
}

export interface BoardEngagementCount {
  districtId: string | null;
  kind: string;
  count: number;
}

export interface BoardTrainingRow {
  sector: string;
  sessions: number;
  attendees: number;
  feedback: number | null;
}

export interface BoardRiskChange {
  action: string;
  count: number;
}

export interface BoardOverdueAction {
  id: string;
  title: string;
  risk: string | null;
  district: string | null;
  owner: string | null;
  dueOn: string;
  status: string;
}

export interface BoardPreviousTotals {
  signals: number;
  escalations: number;
  engagements: number;
  attendees: number;
  campaignsDelivered: number;
  /** Seconds to first review for each reviewed signal raised in the previous period. */
  reviewSeconds: number[];
}

export interface BoardReportData {
  from: string;
  to: string;
  /** The day the report was generated on: overdue means due before this day. */
  today: string;
  area: BoardArea;
  /** The districts the report's columns show, in display order (one when the area is a district). */
  districts: Array<{ id: string; name: string }>;
  signals: {
    /** Distinct signals raised in the period. */
    total: number;
    byCategory: Array<{ category: string | null; count: number }>;
    /** A signal is counted once in each district its post concerns. */
    byCategoryDistrict: BoardSignalCell[];
    byDay: Array<{ day: string; category: string | null; count: number }>;
  };
  review: {
    /** Seconds from raised to first review, one per reviewed signal raised in the period. */
    seconds: number[];
    unreviewed: number;
  };
  escalations: BoardEscalationCount[];
  narratives: BoardNarrativeVolume[];
  campaigns: BoardCampaign[];
  engagements: BoardEngagementCount[];
  training: BoardTrainingRow[];
  riskChanges: BoardRiskChange[];
  risksChanged: number;
  overdueActions: BoardOverdueAction[];
  previous: BoardPreviousTotals;
}
