import { canonicalUrl } from '../normalise/url.js';
import { rawItemSchema, type RawItem } from '../normalise/item.js';
import { parseCsv } from './csv.js';
import { parseJsonLines } from './jsonl.js';

/** The item fields a file column can fill, in the order the mapping form shows them. */
export const IMPORT_FIELDS = [
  'text',
  'title',
  'url',
  'externalId',
  'publishedAt',
  'authorHandle',
  'authorName',
  'language',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  text: 'Text',
  title: 'Title',
  url: 'Web address',
  externalId: 'External id',
  publishedAt: 'Published',
  authorHandle: 'Author handle',
  authorName: 'Author display name',
  language: 'Language',
};

/** Field → column name ('' or absent: not imported). */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export type ImportFormat = 'csv' | 'jsonl';

/** A parsed upload in one shape whatever its format. */
export interface ImportTable {
  format: ImportFormat;
  columns: string[];
  rows: Array<{ row: number; values: Record<string, unknown> }>;
  /** Rows that could not be read at all (bad JSON, too many cells…). */
  problems: Array<{ row: number; message: string }>;
}

export interface RowError {
  /** The row number (CSV: spreadsheet row, header = 1; JSON Lines: line number). */
  row: number;
  /** The item field, or '(row)' when the whole row is unreadable. */
  field: ImportField | '(row)';
  reason: string;
}

export interface ValidatedImport {
  valid: Array<{ row: number; item: RawItem }>;
  errors: RowError[];
  /** Rows in the file (readable or not). */
  total: number;
}

/** Header words that suggest each field; compared after lower-casing and dropping punctuation. */
const GUESSES: Record<ImportField, string[]> = {
  text: ['text', 'body', 'content', 'message', 'post', 'posttext', 'description', 'fulltext', 'summary'],
  title: ['title', 'headline', 'subject', 'heading'],
  url: ['url', 'link', 'permalink', 'address', 'weburl', 'posturl', 'href'],
  externalId: ['externalid', 'id', 'postid', 'guid', 'uid', 'uri', 'identifier', 'itemid'],
  publishedAt: [
    'publishedat',
    'published',
    'date',
    'datetime',
    'createdat',
    'created',
    'timestamp',
    'time',
    'posted',
    'postedat',
  ],
  authorHandle: [
    'authorhandle',
    'handle',
    'username',
    'user',
    'screenname',
    'account',
    'author',
    'authoracct',
  ],
  authorName: ['authorname', 'authordisplayname', 'displayname', 'name', 'byline', 'fullname'],
  language: ['language', 'lang', 'locale'],
};

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A first mapping from header names; every column is used at most once. */
export function guessMapping(columns: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  // Exact matches win over the looser ones for every field before any loose match is taken.
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field]) continue;
      for (const word of GUESSES[field]) {
        const hit = columns.find((c) => {
          if (used.has(c)) return false;
          const s = squash(c);
          return pass === 'exact' ? s === word : word.length >= 4 && s.includes(word);
        });
        if (hit) {
          mapping[field] = hit;
          used.add(hit);
          break;
        }
      }
    }
  }
  return mapping;
}

/** Reads an upload as CSV or JSON Lines (by name, else by its first character). */
export function readImportFile(text: string, fileName = ''): ImportTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const isJsonl =
    /\.(jsonl|ndjson|json)$/i.test(fileName) ||
    (!/\.(csv|tsv|txt)$/i.test(fileName) && body.trimStart().startsWith('{'));
  if (isJsonl) {
    const parsed = parseJsonLines(body);
    return {
      format: 'jsonl',
      columns: parsed.columns,
      rows: parsed.lines.map((l) => ({ row: l.line, values: l.value })),
      problems: parsed.problems.map((p) => ({ row: p.line, message: p.message })),
    };
  }
  const parsed = parseCsv(body);
  // Blank or repeated header names still need a distinct key to be mapped by.
  const columns: string[] = [];
  parsed.header.forEach((h, i) => {
    let name = h || `Column ${i + 1}`;
    while (columns.includes(name)) name = `${name} (${i + 1})`;
    columns.push(name);
  });
  return {
    format: 'csv',
    columns,
    rows: parsed.records.map((r) => ({
      row: r.row,
      values: Object.fromEntries(columns.map((c, i) => [c, r.cells[i] ?? ''])),
    })),
    problems: parsed.problems.map((p) => ({ row: p.row, message: p.message })),
  };
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const ISSUE_FIELDS: Record<string, ImportField> = {
  text: 'text',
  title: 'title',
  url: 'url',
  externalId: 'externalId',
  publishedAt: 'publishedAt',
  language: 'language',
  'author.handle': 'authorHandle',
  'author.displayName': 'authorName',
};

/**
 * Builds a raw item from each row with the mapping and checks it as ingestion will, so every
 * problem is shown, by row and field, before anything is imported.
 */
export function validateImport(
  table: ImportTable,
  mapping: ColumnMapping,
  options: { platform?: string; now?: Date } = {},
): ValidatedImport {
  const platform = options.platform ?? 'import';
  const now = options.now ?? new Date();
  const errors: RowError[] = table.problems.map((p) => ({ row: p.row, field: '(row)', reason: p.message }));
  const valid: ValidatedImport['valid'] = [];
  const seenIds = new Map<string, number>();
  const get = (values: Record<string, unknown>, field: ImportField) => {
    const column = mapping[field];
    return column ? cellText(values[column]) : null;
  };
  for (const { row, values } of table.rows) {
    const rowErrors: RowError[] = [];
    const handle = get(values, 'authorHandle');
    const displayName = get(values, 'authorName');
    const published = get(values, 'publishedAt');
    const candidate = {
      platform,
      text: get(values, 'text'),
      title: get(values, 'title'),
      url: get(values, 'url'),
      externalId: get(values, 'externalId'),
      language: get(values, 'language'),
      publishedAt: published !== null && /^\d{9,13}$/.test(published) ? Number(published) : published,
      author: handle || displayName ? { handle, displayName } : null,
    };
    const parsed = rawItemSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        rowErrors.push({ row, field: ISSUE_FIELDS[path] ?? '(row)', reason: issue.message });
      }
    }
    if (!candidate.text && !candidate.title)
      rowErrors.push({ row, field: 'text', reason: 'the row has no text and no title' });
    if (candidate.url && !canonicalUrl(candidate.url))
      rowErrors.push({
        row,
        field: 'url',
        reason: 'not a web address (it should start with http:// or https://)',
      });
    if (published !== null) {
      const ms =
        typeof candidate.publishedAt === 'number'
          ? candidate.publishedAt * (candidate.publishedAt < 1e11 ? 1000 : 1)
          : Date.parse(published);
      if (!Number.isFinite(ms))
        rowErrors.push({
          row,
          field: 'publishedAt',
          reason: `"${published.slice(0, 40)}" is not a date and time we can read (use e.g. 2026-03-01T09:30:00Z)`,
        });
      else if (ms > now.getTime() + 24 * 3600_000)
        rowErrors.push({ row, field: 'publishedAt', reason: 'the date is in the future' });
    }
    if (candidate.externalId) {
      const earlier = seenIds.get(candidate.externalId);
      if (earlier !== undefined)
        rowErrors.push({ row, field: 'externalId', reason: `repeats the id of row ${earlier}` });
      else seenIds.set(candidate.externalId, row);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (parsed.success) valid.push({ row, item: candidate });
  }
  errors.sort((a, b) => a.row - b.row);
  return { valid, errors, total: table.rows.length + table.problems.length };
}
