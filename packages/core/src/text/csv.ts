/**
 * The one CSV writer for exports people open in spreadsheets (escalation packages, contacts, the
 * audit trail, reports). RFC 4180: a cell holding a comma, a double quote, CR or LF, or starting or
 * ending with white space (which spreadsheets would trim), is quoted with its quotes doubled; lines
 * end in CRLF.
 *
 * A text cell starting with = + - @ (or a tab or carriage return) would be run as a formula by Excel
 * or LibreOffice ("CSV injection"), so it is prefixed with an apostrophe: the text shows as written
 * and nothing is evaluated. Numbers, dates and booleans are written by us and pass as they are, so
 * a negative number stays a number.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would evaluate, made inert with a leading apostrophe. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `guardFormula` on import, so an exported file imports unchanged. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** One cell, formula-guarded and quoted as needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const guarded = guardFormula(value);
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One CSV line with its CRLF. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A whole file: a header line then one line per row. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
