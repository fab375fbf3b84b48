/**
 * Queue order: the score leads; a larger near-duplicate cluster (the same post spreading) and an
 * uncertain band (worth a second look soon) lift it a little. Recency is applied at read time.
 */
export function priorityOf(score: number, clusterSize: number, uncertain: boolean): number {
  return score + Math.min(10, 3 * Math.log2(Math.max(1, clusterSize))) + (uncertain ? 2 : 0);
}
