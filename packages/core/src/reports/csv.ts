/** A file name for a table's CSV: board-report_<area>_<from>_<to>_<table>.csv */
export function tableCsvName(areaSlug: string, from: string, to: string, tableId: string): string {
  const safe = (s: string) => s.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
  return `board-report_${safe(areaSlug)}_${from}_${to}_${safe(tableId)}.csv`;
}
