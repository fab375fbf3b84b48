import type { QueueRow } from '@counterpoint/db';

/**
 * A row as the page's hydration data carries it, 50 times a page: only what the row shows (not
 * the sort key, the language, or the status, which is the tab's for every row). A field that is
 * empty or at its usual value (no title, category, score or reviewer; not uncertain; a single
 * copy; no district) is left out, and absent reads as that value does on the page. The time is a
 * number, which the page's data carries more cheaply than a Date.
 */
export function shownRow(row: QueueRow) {
  const { id, createdAt, excerpt, platform, sourceName } = row;
  return {
    id,
    createdAt: createdAt.getTime(),
    excerpt,
    platform,
    sourceName,
    ...(row.title !== null && { title: row.title }),
    ...(row.category !== null && { category: row.category }),
    ...(row.score !== null && { score: row.score }),
    ...(row.uncertain && { uncertain: true }),
    ...(row.clusterSize > 1 && { clusterSize: row.clusterSize }),
    ...(row.districts.length > 0 && { districts: row.districts }),
    ...(row.assigneeId !== null && { assigneeId: row.assigneeId, assigneeName: row.assigneeName }),
  };
}

export type QueueRowData = ReturnType<typeof shownRow>;
