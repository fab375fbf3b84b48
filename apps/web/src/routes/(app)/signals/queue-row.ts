import type { QueueRow } from '@counterpoint/db';

/**
 * A row as the page's hydration data carries it, 50 times a page: only what the row shows (not
 * the sort key, the language, or the status, which is the tab's for every row), and no empty title
 * or reviewer (absent reads as null does on the page).
 */
export function shownRow({
  priority: _p,
  language: _l,
  status: _s,
  title,
  assigneeId,
  assigneeName,
  ...row
}: QueueRow) {
  return {
    ...row,
    ...(title !== null && { title }),
    ...(assigneeId !== null && { assigneeId, assigneeName }),
  };
}

export type QueueRowData = ReturnType<typeof shownRow>;
