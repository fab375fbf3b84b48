import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/errors.js';
import { financialYearStart, resolvePeriod } from './period.js';

describe('board report periods (Europe/London days, UK financial year from 1 April)', () => {
  it('last month is the previous calendar month, compared with the month before', () => {
    const p = resolvePeriod({ preset: 'last_month' }, '2026-03-15');
    expect(p).toMatchObject({ from: '2026-02-01', to: '2026-02-28', days: 28, label: 'February 2026' });
    expect(p.previous).toMatchObject({ from: '2026-01-01', to: '2026-01-31' });
  });

  it('last month in January is December of the year before', () => {
    const p = resolvePeriod({}, '2027-01-03');
    expect(p).toMatchObject({ preset: 'last_month', from: '2026-12-01', to: '2026-12-31' });
    expect(p.previous).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('last quarter is the previous financial quarter, numbered from April', () => {
    const p = resolvePeriod({ preset: 'last_quarter' }, '2026-11-29');
    expect(p).toMatchObject({ from: '2026-07-01', to: '2026-09-30', days: 92 });
    expect(p.label).toBe('Q2 2026/27 (July to September 2026)');
    expect(p.previous).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    const jan = resolvePeriod({ preset: 'last_quarter' }, '2027-02-10');
    expect(jan).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
    expect(jan.label.startsWith('Q3 2026/27')).toBe(true);
    const april = resolvePeriod({ preset: 'last_quarter' }, '2027-04-01');
    expect(april).toMatchObject({ from: '2027-01-01', to: '2027-03-31' });
    expect(april.label.startsWith('Q4 2026/27')).toBe(true);
  });

  it('financial year to date runs from 1 April to today; 31 March still belongs to the year before', () => {
    expect(financialYearStart('2027-03-31')).toBe('2026-04-01');
    expect(financialYearStart('2026-04-01')).toBe('2026-04-01');
    const p = resolvePeriod({ preset: 'fytd' }, '2026-11-29');
    expect(p).toMatchObject({ from: '2026-04-01', to: '2026-11-29', days: 243 });
    expect(p.label).toBe('Financial year 2026/27 to date');
    expect(p.previous).toMatchObject({ from: '2025-04-01', to: '2025-11-29' });
    expect(resolvePeriod({ preset: 'fytd' }, '2028-02-29').previous.to).toBe('2027-02-28');
  });

  it('custom dates compare with the same number of days just before', () => {
    const p = resolvePeriod({ preset: 'custom', from: '2026-10-20', to: '2026-11-02' }, '2026-11-29');
    expect(p).toMatchObject({ days: 14, label: '20 October 2026 to 2 November 2026' });
    expect(p.previous).toMatchObject({ from: '2026-10-06', to: '2026-10-19' });
    // Whole calendar months compare with whole months.
    const months = resolvePeriod({ preset: 'custom', from: '2026-08-01', to: '2026-10-31' }, '2026-11-29');
    expect(months.previous).toMatchObject({ from: '2026-05-01', to: '2026-07-31' });
    expect(resolvePeriod({ from: '2026-10-01', to: '2026-10-31' }, '2026-11-29')).toMatchObject({
      label: 'October 2026',
      previous: { from: '2026-09-01', to: '2026-09-30' },
    });
    // Dates alone mean custom.
    expect(resolvePeriod({ from: '2026-11-01', to: '2026-11-01' }, '2026-11-29').preset).toBe('custom');
  });

  it.each([
    [{ preset: 'yesterday' }, 'period'],
    [{ preset: 'custom', from: '2026-13-01', to: '2026-11-01' }, 'from'],
    [{ preset: 'custom', from: '2026-11-01' }, 'to'],
    [{ preset: 'custom', from: '2026-11-02', to: '2026-11-01' }, 'to'],
    [{ preset: 'custom', from: '2026-11-01', to: '2026-11-30' }, 'to'],
    [{ preset: 'custom', from: '2020-01-01', to: '2026-11-01' }, 'from'],
  ])('refuses %j with a clear message on the %s field', (input, field) => {
    let thrown: unknown;
    try {
      resolvePeriod(input, '2026-11-29');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('invalid_input');
    expect((thrown as DomainError).details).toMatchObject({ field });
  });
});
