import { describe, expect, it } from 'vitest';
import { parseCsv } from '../imports/csv.js';
import { csvCell, csvDocument, csvLine, guardFormula, unguardFormula } from './csv.js';

describe('csvCell', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+44 1234')).toBe("'+44 1234");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves plain text, numbers, dates and booleans as they are', () => {
    expect(csvCell('Plain name')).toBe('Plain name');
    expect(csvCell("O'Brien")).toBe("O'Brien");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell(new Date('nonsense'))).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge white space', () => {
    expect(csvCell('plain, with comma')).toBe('"plain, with comma"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });
});

describe('csvLine and csvDocument', () => {
  it('end lines in CRLF and read back through the importer unchanged', () => {
    expect(csvLine(['a', 1, true])).toBe('a,1,yes\r\n');
    const cells = ['=cmd|calc', 'a, b', 'quote " here', 'multi\r\nline', ' x', '-1'];
    const text = csvDocument(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], [cells]);
    const parsed = parseCsv(text);
    expect(parsed.header).toEqual(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
    expect(parsed.records[0]!.cells.map(unguardFormula)).toEqual(cells);
  });
});

describe('guardFormula', () => {
  it('round-trips through unguardFormula and leaves apostrophes of names alone', () => {
    for (const s of ['=1+1', '+44', '-x', '@a', 'plain', "O'Brien", "'quoted"])
      expect(unguardFormula(guardFormula(s))).toBe(s);
    expect(unguardFormula("O'Brien")).toBe("O'Brien");
  });
});
