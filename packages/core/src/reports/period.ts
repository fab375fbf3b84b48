import { addDays, daysBetween, isDay } from '../campaigns/london.js';
import { DomainError } from '../errors/errors.js';

/**
 * The periods a board report covers. Every day is a Europe/London calendar day (yyyy-mm-dd) and
 * both ends are inclusive. "Today" is passed in, never read from the clock, so the arithmetic is
 * the same in tests and in production.
 *
 *  - last_month: the previous calendar month.
 *  - last_quarter: the previous calendar quarter. The UK financial year starts on 1 April, so its
 *    quarters (Apr–Jun, Jul–Sep, Oct–Dec, Jan–Mar) are calendar quarters and one rule serves both.
 *  - fytd: 1 April of the financial year that today falls in, up to and including today.
 *  - custom: any from–to range up to today, at most MAX_PERIOD_DAYS long.
 *
 * Each period has a previous period for comparisons: the month or quarter before, the same days
 * of the previous financial year, or for a custom range the same number of days just before it
 * (as many whole months before, when the range is whole calendar months).
 */

export const PERIOD_PRESETS = ['last_month', 'last_quarter', 'fytd', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PERIOD_PRESET_LABELS: Record<PeriodPreset, string> = {
  last_month: 'Last month',
  last_quarter: 'Last quarter',
  fytd: 'Financial year to date',
  custom: 'Custom dates',
};

/** Three years: long enough for any board comparison, short enough to keep the queries cheap. */
export const MAX_PERIOD_DAYS = 1096;

export interface ReportPeriod {
  preset: PeriodPreset;
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  days: number;
  label: string;
  previous: { from: string; to: string; label: string };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number) => String(n).padStart(2, '0');
const yearOf = (day: string) => Number(day.slice(0, 4));
const monthOf = (day: string) => Number(day.slice(5, 7));

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** "3 March 2026" */
export function longDay(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTHS[monthOf(day) - 1]} ${yearOf(day)}`;
}

function rangeLabel(from: string, to: string): string {
  return from === to ? longDay(from) : `${longDay(from)} to ${longDay(to)}`;
}

/** 1 April of the financial year a day falls in. */
export function financialYearStart(day: string): string {
  const y = yearOf(day);
  return monthOf(day) >= 4 ? `${y}-04-01` : `${y - 1}-04-01`;
}

/** "2026/27" for the financial year starting 1 April 2026. */
export function financialYearLabel(start: string): string {
  const y = yearOf(start);
  return `${y}/${pad((y + 1) % 100)}`;
}

function month(year: number, m: number): { from: string; to: string; label: string } {
  // m may run outside 1–12; Date.UTC carries it into the year.
  const first = new Date(Date.UTC(year, m - 1, 1));
  const y = first.getUTCFullYear();
  const mm = first.getUTCMonth() + 1;
  return { from: `${y}-${pad(mm)}-01`, to: lastDayOfMonth(y, mm), label: `${MONTHS[mm - 1]} ${y}` };
}

function quarter(year: number, firstMonth: number): { from: string; to: string; label: string } {
  const start = month(year, firstMonth);
  const end = month(year, firstMonth + 2);
  // Financial-year numbering: April–June is Q1.
  const fyStart = financialYearStart(start.from);
  const q = Math.floor(((monthOf(start.from) + 8) % 12) / 3) + 1;
  return {
    from: start.from,
    to: end.to,
    label: `Q${q} ${financialYearLabel(fyStart)} (${MONTHS[monthOf(start.from) - 1]} to ${end.label})`,
  };
}

/** The same calendar day a year earlier; 29 February becomes 28 February. */
function yearBefore(day: string): string {
  const candidate = `${yearOf(day) - 1}${day.slice(4)}`;
  return isDay(candidate) ? candidate : `${yearOf(day) - 1}-02-28`;
}

export interface PeriodInput {
  preset?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}

/** The period a request asks for; refuses a malformed or impossible one with a DomainError. */
export function resolvePeriod(input: PeriodInput, today: string): ReportPeriod {
  if (!isDay(today)) throw new DomainError('invalid_input', `“${today}” is not a date.`);
  const preset = (input.preset || (input.from || input.to ? 'custom' : 'last_month')) as PeriodPreset;
  if (!PERIOD_PRESETS.includes(preset))
    throw new DomainError(
      'invalid_input',
      'Choose last month, last quarter, financial year to date or custom dates.',
      {
        field: 'period',
      },
    );
  const y = yearOf(today);
  const m = monthOf(today);
  let current: { from: string; to: string; label: string };
  let previous: { from: string; to: string; label: string };
  switch (preset) {
    case 'last_month':
      current = month(y, m - 1);
      previous = month(y, m - 2);
      break;
    case 'last_quarter': {
      const thisQuarterFirst = Math.floor((m - 1) / 3) * 3 + 1;
      current = quarter(y, thisQuarterFirst - 3);
      previous = quarter(y, thisQuarterFirst - 6);
      break;
    }
    case 'fytd': {
      const start = financialYearStart(today);
      current = { from: start, to: today, label: `Financial year ${financialYearLabel(start)} to date` };
      const prevStart = yearBefore(start);
      previous = {
        from: prevStart,
        to: yearBefore(today),
        label: `Financial year ${financialYearLabel(prevStart)}, same days`,
      };
      break;
    }
    case 'custom': {
      const from = input.from ?? '';
      const to = input.to ?? '';
      if (!isDay(from)) throw new DomainError('invalid_input', 'Enter a start date.', { field: 'from' });
      if (!isDay(to)) throw new DomainError('invalid_input', 'Enter an end date.', { field: 'to' });
      if (to < from)
        throw new DomainError('invalid_input', 'The end date must be on or after the start date.', {
          field: 'to',
        });
      if (to > today)
        throw new DomainError('invalid_input', 'The period cannot end after today.', { field: 'to' });
      const length = daysBetween(from, to) + 1;
      if (length > MAX_PERIOD_DAYS)
        throw new DomainError('invalid_input', 'Choose a period of at most three years.', { field: 'from' });
      current = { from, to, label: rangeLabel(from, to) };
      if (from.endsWith('-01') && to === lastDayOfMonth(yearOf(to), monthOf(to))) {
        // Whole calendar months compare with as many whole months before: October with
        // September, not with 31 days that start on 31 August.
        const months = (yearOf(to) - yearOf(from)) * 12 + monthOf(to) - monthOf(from) + 1;
        const pFrom = month(yearOf(from), monthOf(from) - months).from;
        const pTo = addDays(from, -1);
        previous = { from: pFrom, to: pTo, label: rangeLabel(pFrom, pTo) };
        if (months === 1) current.label = month(yearOf(from), monthOf(from)).label;
      } else {
        const pFrom = addDays(from, -length);
        const pTo = addDays(from, -1);
        previous = { from: pFrom, to: pTo, label: rangeLabel(pFrom, pTo) };
      }
      break;
    }
  }
  return {
    preset,
    from: current.from,
    to: current.to,
    days: daysBetween(current.from, current.to) + 1,
    label: current.label,
    previous,
  };
}
