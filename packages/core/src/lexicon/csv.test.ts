import { describe, expect, it } from 'vitest';
import {
  CsvSyntaxError,
  LEXICON_CSV_COLUMNS,
  parseCsv,
  parseLexiconCsv,
  serialiseCsv,
  serialiseLexiconCsv,
  splitList,
  type LexiconCsvRecord,
} from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line one\nline two"\r\nplain,,end\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line one\nline two'],
      ['plain', '', 'end'],
    ]);
  });

  it('ignores a byte-order mark and a missing final line end', () => {
    expect(parseCsv('\uFEFFa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps an empty quoted field and a trailing empty field', () => {
    expect(parseCsv('"",x,\n')).toEqual([['', 'x', '']]);
  });

  it('rejects an unclosed quote and stray quotes', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b"c\n')).toThrow(/quote inside/);
    expect(() => parseCsv('"a"b\n')).toThrow(/after a closing quote/);
  });

  it('round-trips awkward fields', () => {
    const rows = [
      ['plain', 'with, comma', 'with "quotes"'],
      ['multi\r\nline', ' padded ', ''],
      ['ünïcödé ✓', '=1+1', ';;'],
    ];
    const csv = serialiseCsv(rows);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual(rows);
    expect(parseCsv('\uFEFF' + csv)).toEqual(rows);
  });
});

describe('lexicon CSV', () => {
  const record = (over: Partial<LexiconCsvRecord>): LexiconCsvRecord => ({
    ...(Object.fromEntries(LEXICON_CSV_COLUMNS.map((c) => [c, ''])) as LexiconCsvRecord),
    ...over,
  });

  it('round-trips records in the canonical column order', () => {
    const records = [
      record({
        term_key: 't1',
        phrase: 'great replacement',
        match_mode: 'phrase',
        weight: '0.7',
        category: 'extreme_right',
        suppress_near: 'condemn*;report',
        rationale: 'Conspiracy theory, see "glossary", p. 3\nsecond line',
        status: 'active',
      }),
      record({
        term_key: 't2',
        phrase: 'jew*',
        match_mode: 'pattern',
        weight: '0.4',
        category: 'anti_minority',
      }),
    ];
    const csv = serialiseLexiconCsv(records);
    expect(csv.split('\r\n')[0]).toBe(LEXICON_CSV_COLUMNS.join(','));
    const parsed = parseLexiconCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.values)).toEqual(records);
    expect(parsed.records.map((r) => r.line)).toEqual([2, 3]);
    expect(splitList(parsed.records[0]!.values.suppress_near)).toEqual(['condemn*', 'report']);
  });

  it('accepts columns in any order and reports missing or unknown ones', () => {
    const ok = parseLexiconCsv(
      '\uFEFFCategory,phrase,weight,match_mode\r\nviolence,kill them all,0.9,phrase\r\n',
    );
    expect(ok.errors).toEqual([]);
    expect(ok.records[0]!.values).toMatchObject({
      category: 'violence',
      phrase: 'kill them all',
      weight: '0.9',
    });
    const bad = parseLexiconCsv('phrase,colour\nx,red\n');
    expect(bad.errors).toContain('the header has no "weight" column');
    expect(bad.errors).toContain('unknown column "colour"');
    expect(parseLexiconCsv('').errors).toEqual(['the file is empty']);
  });
});
