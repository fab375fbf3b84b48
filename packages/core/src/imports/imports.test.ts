import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { parseJsonLines } from './jsonl.js';
import { guessMapping, readImportFile, validateImport } from './mapping.js';

describe('parseCsv', () => {
  it('reads quoted cells with doubled quotes, delimiters and line breaks inside', () => {
    const r = parseCsv('text,title\r\n"He said ""no"", then left","A, B"\r\n"line one\nline two",plain\r\n');
    expect(r.header).toEqual(['text', 'title']);
    expect(r.records.map((x) => x.cells)).toEqual([
      ['He said "no", then left', 'A, B'],
      ['line one\nline two', 'plain'],
    ]);
    expect(r.records.map((x) => x.row)).toEqual([2, 3]);
    expect(r.problems).toEqual([]);
  });

  it('numbers rows by record and lines by the file, even after embedded line breaks', () => {
    const r = parseCsv('a,b\n"x\ny\nz",1\nq,2\n');
    expect(r.records[1]).toMatchObject({ row: 3, line: 5, cells: ['q', '2'] });
  });

  it('drops a byte-order mark and accepts CR-only line ends and a missing final newline', () => {
    const r = parseCsv('\uFEFFtext,url\rhello,https://example.org\rbye,');
    expect(r.header).toEqual(['text', 'url']);
    expect(r.records.map((x) => x.cells)).toEqual([
      ['hello', 'https://example.org'],
      ['bye', ''],
    ]);
  });

  it('guesses semicolons and tabs from the header', () => {
    expect(parseCsv('a;b;c\n1;2;3').records[0]!.cells).toEqual(['1', '2', '3']);
    expect(parseCsv('a\tb\n1,5\t2').records[0]!.cells).toEqual(['1,5', '2']);
  });

  it('pads short rows, reports long ones, and skips blank lines', () => {
    const r = parseCsv('a,b,c\n1,2\n\n1,2,3,4\n5,6,7\n');
    expect(r.records.map((x) => x.cells)).toEqual([
      ['1', '2', ''],
      ['5', '6', '7'],
    ]);
    expect(r.problems).toEqual([
      { row: 3, line: 4, message: 'the row has 4 cells but the header names 3 columns' },
    ]);
  });

  it('reports a quote that is never closed instead of swallowing the file silently', () => {
    const r = parseCsv('a,b\n1,2\n"open,3\n4,5\n');
    expect(r.problems[0]).toMatchObject({ row: 3, line: 3 });
    expect(r.problems[0]!.message).toMatch(/never closed/);
  });

  it('reports text after a closing quote', () => {
    const r = parseCsv('a,b\n"x"y,2\n');
    expect(r.problems[0]).toMatchObject({ row: 2 });
  });
});

describe('parseJsonLines', () => {
  it('reads objects, flattens nested ones, and reports a bad line by its number', () => {
    const r = parseJsonLines(
      '{"text":"a","author":{"handle":"h"}}\n\n{"text": oops}\n[1,2]\n{"title":"t"}\r\n',
    );
    expect(r.lines.map((l) => l.line)).toEqual([1, 5]);
    expect(r.lines[0]!.value).toEqual({ text: 'a', 'author.handle': 'h' });
    expect(r.columns).toEqual(['text', 'author.handle', 'title']);
    expect(r.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(r.problems[0]!.message).toMatch(/^not valid JSON/);
  });
});

describe('mapping and validation', () => {
  it('guesses the mapping from usual header names', () => {
    expect(
      guessMapping(['Post ID', 'Body', 'Link', 'Created at', 'Username', 'Display name', 'Lang', 'Headline']),
    ).toEqual({
      externalId: 'Post ID',
      text: 'Body',
      url: 'Link',
      publishedAt: 'Created at',
      authorHandle: 'Username',
      authorName: 'Display name',
      language: 'Lang',
      title: 'Headline',
    });
  });

  it('validates every row and reports row, field and reason', () => {
    const csv = [
      'id,text,url,published,handle',
      '1,First post,https://example.org/1,2026-01-02T10:00:00Z,@one',
      '2,,https://example.org/2,2026-01-02,@two',
      '3,Third,not a link,yesterday-ish,@three',
      '1,Repeat id,,,',
      '4,Fine,,1767348000,',
    ].join('\n');
    const table = readImportFile(csv, 'items.csv');
    const mapping = guessMapping(table.columns);
    const result = validateImport(table, mapping, { now: new Date('2026-06-01T00:00:00Z') });
    expect(result.total).toBe(5);
    expect(result.valid.map((v) => v.row)).toEqual([2, 6]);
    expect(result.valid[0]!.item).toMatchObject({
      platform: 'import',
      externalId: '1',
      text: 'First post',
      author: { handle: '@one', displayName: null },
    });
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'text'],
      [4, 'url'],
      [4, 'publishedAt'],
      [5, 'externalId'],
    ]);
  });

  it('treats JSON Lines by name and reports unreadable lines as row errors', () => {
    const table = readImportFile('{"text":"ok"}\n{"text":\n', 'x.jsonl');
    const result = validateImport(table, { text: 'text' });
    expect(result.valid).toHaveLength(1);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([[2, '(row)']]);
    expect(result.errors[0]!.reason).toMatch(/not valid JSON/);
  });
});
