import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isCalendarDay,
  londonDay,
  londonInstant,
  londonMinuteOfDay,
  londonOffsetMinutes,
  londonParts,
} from './london.js';

const at = (iso: string) => new Date(iso);

describe('London calendar days', () => {
  it('puts the instants either side of London midnight on the right day', () => {
    // Summer: London midnight is 23:00Z the evening before.
    expect(londonDay(at('2026-06-01T22:59:59Z'))).toBe('2026-06-01');
    expect(londonDay(at('2026-06-01T23:00:00Z'))).toBe('2026-06-02');
    expect(londonMinuteOfDay(at('2026-06-01T22:59:00Z'))).toBe(1439);
    expect(londonMinuteOfDay(at('2026-06-01T23:00:00Z'))).toBe(0);
    // Winter: London is UTC, so the day turns at 00:00Z.
    expect(londonDay(at('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
    expect(londonDay(at('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
    expect(londonParts(at('2027-01-01T00:00:00Z'))).toEqual({
      day: '2027-01-01',
      time: '00:00',
      hour: 0,
      minute: 0,
    });
  });

  it('follows the spring change on the last Sunday of March (29 March 2026)', () => {
    // 00:59Z is 00:59 GMT; one minute later the clocks read 02:00 BST.
    expect(londonParts(at('2026-03-29T00:59:00Z')).time).toBe('00:59');
    expect(londonParts(at('2026-03-29T01:00:00Z')).time).toBe('02:00');
    expect(londonOffsetMinutes(at('2026-03-29T00:59:00Z'))).toBe(0);
    expect(londonOffsetMinutes(at('2026-03-29T01:00:00Z'))).toBe(60);
    // The day before the change turns at 00:00Z, the day after at 23:00Z.
    expect(londonDay(at('2026-03-28T23:59:00Z'))).toBe('2026-03-28');
    expect(londonDay(at('2026-03-29T23:00:00Z'))).toBe('2026-03-30');
    // 01:30 does not exist that night: it is read as the first moment after the gap.
    expect(londonInstant('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(londonInstant('2026-03-29', '00:30').toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(londonInstant('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T02:00:00.000Z');
  });

  it('follows the autumn change on the last Sunday of October (25 October 2026)', () => {
    // 01:30 happens twice: 00:30Z (BST) then 01:30Z (GMT).
    expect(londonParts(at('2026-10-25T00:30:00Z')).time).toBe('01:30');
    expect(londonParts(at('2026-10-25T01:30:00Z')).time).toBe('01:30');
    expect(londonOffsetMinutes(at('2026-10-25T00:59:00Z'))).toBe(60);
    expect(londonOffsetMinutes(at('2026-10-25T01:00:00Z'))).toBe(0);
    // The repeated time means the first (BST) one.
    expect(londonInstant('2026-10-25', '01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant('2026-10-25', '10:00').toISOString()).toBe('2026-10-25T10:00:00.000Z');
    expect(londonInstant('2026-10-24', '10:00').toISOString()).toBe('2026-10-24T09:00:00.000Z');
    // The 25-hour day: London midnight is 23:00Z before it and 00:00Z after it.
    expect(londonDay(at('2026-10-24T23:00:00Z'))).toBe('2026-10-25');
    expect(londonDay(at('2026-10-25T23:59:00Z'))).toBe('2026-10-25');
    expect(londonDay(at('2026-10-26T00:00:00Z'))).toBe('2026-10-26');
  });

  it('does day arithmetic as calendar days, whatever the clocks do', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', -1)).toBe('2026-10-24');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-26', '2026-10-24')).toBe(-2);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });

  it('knows a real day from a look-alike', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-1-01')).toBe(false);
    expect(() => londonInstant('2026-02-30', '10:00')).toThrow(/not a date/);
    expect(() => londonInstant('2026-02-03', '24:00')).toThrow(/not a time/);
  });
});
