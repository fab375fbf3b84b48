import { describe, expect, it } from 'vitest';
import { parseFeedDate } from './dates.js';

const iso = (s: string) => parseFeedDate(s)?.toISOString();

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0100', '2003-06-10T03:00:00.000Z'],
    ['10 Jun 2003 04:00 EST', '2003-06-10T09:00:00.000Z'],
    ['Tue, 10 June 03 04:00:00 BST', '2003-06-10T03:00:00.000Z'],
    ['Wed, 2 Oct 2002 08:00:00 -07:00', '2002-10-02T15:00:00.000Z'],
    ['2003-12-13T18:30:02Z', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13T18:30:02.25+01:00', '2003-12-13T17:30:02.000Z'],
    ['2003-12-13 18:30', '2003-12-13T18:30:00.000Z'],
    ['2003-12-13', '2003-12-13T00:00:00.000Z'],
    ['1700000000', '2023-11-14T22:13:20.000Z'],
    ['Jun 10, 2003 4:00 PM', '2003-06-10T16:00:00.000Z'],
  ])('%s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('answers undefined for nonsense, never throws', () => {
    for (const s of ['', 'yesterday', 'garbage', '32 Foo 2003', '0000-00-00', undefined, {}, '9999-01-01']) {
      expect(parseFeedDate(s)).toBeUndefined();
    }
  });
});
