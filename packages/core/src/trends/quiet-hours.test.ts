import { describe, expect, it } from 'vitest';
import { londonDay, londonMinuteOfDay, addDays, dayRange, isIsoDay } from './days.js';
import { isQuietAt, isTimeOfDay } from './quiet-hours.js';

describe('London days and quiet hours', () => {
  it('counts days in Europe/London, summer time included', () => {
    // 23:30 UTC on 1 June is 00:30 BST on 2 June.
    expect(londonDay(new Date('2026-06-01T23:30:00Z'))).toBe('2026-06-02');
    // In winter London is UTC.
    expect(londonDay(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
    expect(londonMinuteOfDay(new Date('2026-06-01T23:30:00Z'))).toBe(30);
  });

  it('does day arithmetic across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayRange('2026-10-30', '2026-11-02')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    expect(isIsoDay('2026-11-02')).toBe(true);
    expect(isIsoDay('2026-13-02')).toBe(false);
  });

  it('holds delivery inside quiet hours that run past midnight', () => {
    const at = (iso: string) => new Date(iso);
    // 22:00–07:00 London; in June London is UTC+1.
    expect(isQuietAt(at('2026-06-10T21:30:00Z'), '22:00', '07:00')).toBe(true); // 22:30 BST
    expect(isQuietAt(at('2026-06-10T05:59:00Z'), '22:00:00', '07:00:00')).toBe(true); // 06:59 BST
    expect(isQuietAt(at('2026-06-10T06:00:00Z'), '22:00', '07:00')).toBe(false); // 07:00 BST
    expect(isQuietAt(at('2026-06-10T12:00:00Z'), '22:00', '07:00')).toBe(false);
    // Same-day window.
    expect(isQuietAt(at('2026-12-10T12:30:00Z'), '12:00', '13:00')).toBe(true);
    expect(isQuietAt(at('2026-12-10T13:00:00Z'), '12:00', '13:00')).toBe(false);
  });

  it('has no quiet hours when unset or empty', () => {
    const now = new Date('2026-06-10T23:00:00Z');
    expect(isQuietAt(now, null, '07:00')).toBe(false);
    expect(isQuietAt(now, '08:00', '08:00')).toBe(false);
    expect(isTimeOfDay('24:00')).toBe(false);
    expect(isTimeOfDay('07:30')).toBe(true);
  });
});
