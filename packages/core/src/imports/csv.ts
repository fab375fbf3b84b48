/**
 * An RFC 4180 CSV reader for uploads: quoted fields with doubled quotes, line breaks inside quotes,
 * CRLF, LF or CR line ends, a byte-order mark, and the delimiter guessed from the header (comma,
 * semicolon or tab, as spreadsheets export them). Nothing is dropped silently: a row with more
 * cells than the header, or an unterminated quote, is reported with its row number.
 */

export interface CsvRecord {
  /** The row as a spreadsheet numbers it: the header is row 1, so data starts at row 2. */
  row: number;
  /** The file line the row starts on (differs from `row` when quoted cells hold line breaks). */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  row: number;
  line: number;
  message: string;
}

export interface CsvResult {
  delimiter: ',' | ';' | '\t';
  header: string[];
  records: CsvRecord[];
  problems: CsvProblem[];
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter that occurs most often, outside quotes, on the first line. */
export function guessDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** Splits the text into rows of cells; the first row is the header. */
export function parseCsv(input: string, options: { delimiter?: ',' | ';' | '\t' } = {}): CsvResult {
  const text = stripBom(input);
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const rows: Array<{ line: number; cells: string[] }> = [];
  const problems: CsvProblem[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  // Whether the current cell was opened with a quote (text after its closing quote is kept, as
  // lenient readers do, but the row is reported).
  let sawQuote = false;
  let strayAfterQuote = false;
  const n = text.length;

  const endRow = () => {
    cells.push(cell);
    // A line with nothing on it is not a row (blank lines between records, a trailing newline).
    if (!(cells.length === 1 && cells[0] === '' && !sawQuote)) rows.push({ line: rowLine, cells });
    if (strayAfterQuote)
      problems.push({
        row: rows.length,
        line: rowLine,
        message: 'text follows a closing quote; a quote inside a quoted cell must be doubled ("")',
      });
    cells = [];
    cell = '';
    sawQuote = false;
    strayAfterQuote = false;
  };

  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell === '' && !sawQuote) {
        quoted = true;
        sawQuote = true;
      } else {
        // A quote in the middle of an unquoted cell is kept as text (common in hand-made files).
        if (sawQuote) strayAfterQuote = true;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      sawQuote = false;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    if (sawQuote) strayAfterQuote = true;
    cell += ch;
    i++;
  }
  if (quoted) {
    problems.push({
      row: rows.length + 1,
      line: rowLine,
      message: 'a quoted cell is never closed, so the rest of the file would be read into it',
    });
  }
  if (cell !== '' || cells.length > 0 || sawQuote) endRow();

  const [first, ...rest] = rows;
  const header = (first?.cells ?? []).map((h) => h.trim());
  const records: CsvRecord[] = [];
  rest.forEach((r, index) => {
    const row = index + 2;
    if (r.cells.length > header.length) {
      problems.push({
        row,
        line: r.line,
        message: `the row has ${r.cells.length} cells but the header names ${header.length} columns`,
      });
      return;
    }
    // Short rows are padded: spreadsheets leave trailing empty cells out.
    const cells =
      r.cells.length < header.length
        ? [...r.cells, ...Array<string>(header.length - r.cells.length).fill('')]
        : r.cells;
    records.push({ row, line: r.line, cells });
  });
  return { delimiter, header, records, problems: problems.sort((a, b) => a.row - b.row) };
}
