/**
 * RFC 4180 CSV for lexicon import and export. Pure: strings in, rows out. Fields containing a comma,
 * a double quote, CR or LF are quoted and quotes doubled; a leading UTF-8 byte-order mark (Excel
 * writes one) is ignored; CRLF and LF line ends are both accepted.
 */

export const LEXICON_CSV_COLUMNS = [
  'term_key',
  'phrase',
  'match_mode',
  'weight',
  'category',
  'language',
  'suppress_near',
  'require_any',
  'window',
  'owner_email',
  'rationale',
  'review_on',
  'status',
] as const;

export type LexiconCsvColumn = (typeof LEXICON_CSV_COLUMNS)[number];

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parse CSV text into records (arrays of fields). A trailing line end does not make an empty record. */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
          throw new CsvSyntaxError('unexpected character after a closing quote', line);
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (fieldStarted || field !== '') throw new CsvSyntaxError('a quote inside an unquoted field', line);
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError('a quoted field is not closed', line);
  if (fieldStarted || field !== '' || row.length > 0) endRow();
  return rows;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Serialise records as CSV with CRLF line ends (RFC 4180). */
export function serialiseCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}

/** One lexicon term as the CSV carries it (all strings; the importer validates and converts). */
export type LexiconCsvRecord = Record<LexiconCsvColumn, string>;

export interface LexiconCsvParse {
  /** Records with their 1-based line number in the file (the header is line 1). */
  readonly records: { readonly line: number; readonly values: LexiconCsvRecord }[];
  /** Problems with the file as a whole (missing columns, bad quoting); records are empty when set. */
  readonly errors: string[];
}

/**
 * Parse a lexicon CSV: the header must name `phrase`, `match_mode`, `weight` and `category`; other
 * columns are optional and may come in any order; unknown columns are reported.
 */
export function parseLexiconCsv(input: string): LexiconCsvParse {
  let rows: string[][];
  try {
    rows = parseCsv(input);
  } catch (e) {
    return { records: [], errors: [(e as Error).message] };
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (!header || header.every((h) => h === '')) return { records: [], errors: ['the file is empty'] };
  const errors: string[] = [];
  for (const required of ['phrase', 'match_mode', 'weight', 'category'])
    if (!header.includes(required)) errors.push(`the header has no "${required}" column`);
  for (const h of header)
    if (!(LEXICON_CSV_COLUMNS as readonly string[]).includes(h)) errors.push(`unknown column "${h}"`);
  if (errors.length > 0) return { records: [], errors };
  const records: { line: number; values: LexiconCsvRecord }[] = [];
  // `line` is the record number (the header is 1): a quoted field may span physical lines.
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.length === 1 && (row[0] as string).trim() === '') continue;
    const values = Object.fromEntries(LEXICON_CSV_COLUMNS.map((c) => [c, ''])) as LexiconCsvRecord;
    header.forEach((h, k) => (values[h as LexiconCsvColumn] = (row[k] ?? '').trim()));
    records.push({ line: r + 1, values });
  }
  return { records, errors: [] };
}

/** Serialise lexicon records with the full header in the canonical column order. */
export function serialiseLexiconCsv(records: readonly LexiconCsvRecord[]): string {
  return serialiseCsv([
    [...LEXICON_CSV_COLUMNS],
    ...records.map((r) => LEXICON_CSV_COLUMNS.map((c) => r[c])),
  ]);
}

/** `a; b;c` → ['a', 'b', 'c'] (the CSV's list separator is a semicolon). */
export function splitList(field: string): string[] {
  return field
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function joinList(words: readonly string[]): string {
  return words.join(';');
}
