/**
 * When an unassigned near-duplicate cluster deserves to be proposed as a new narrative: a post
 * copied several times lately, and more often than in the period before (a story spreading, not
 * one that already peaked). Counts are copies (items) in the cluster per period.
 */

export const PROPOSAL_MIN_RECENT = 3;

export interface ClusterGrowth {
  recent: number;
  previous: number;
}

export function isGrowingCluster(g: ClusterGrowth, minRecent = PROPOSAL_MIN_RECENT): boolean {
  return g.recent >= minRecent && g.recent > g.previous;
}

/** Growth against the previous period as a ratio; null when the previous period had nothing (new). */
export function growthRatio(g: ClusterGrowth): number | null {
  return g.previous > 0 ? g.recent / g.previous : null;
}
