import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/** One activity as the calendar shows it: London day and times already worked out by the server. */
export interface CalendarActivity {
  id: string;
  title: string;
  campaignId: string;
  campaignTitle: string;
  channel: string | null;
  district: string | null;
  status: string;
  day: string;
  time: string;
  endTime: string | null;
  startsAt: string;
}

const LONG = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

// Calendar arithmetic on yyyy-mm-dd days, here rather than from core so the browser bundle does not
// pull in core's server-side modules.
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

// Days are calendar days (yyyy-mm-dd); formatting them at UTC noon names the same day everywhere.
const at = (day: string) => new Date(`${day}T12:00:00Z`);

export function dayLabel(day: string): string {
  return LONG.format(at(day));
}

export function monthLabel(dayOrMonth: string): string {
  return MONTH.format(at(`${dayOrMonth.slice(0, 7)}-01`));
}

export function shiftAnchor(view: 'month' | 'week', anchor: string, by: number): string {
  return view === 'week' ? addDays(anchor, 7 * by) : `${addMonths(anchor.slice(0, 7), by)}-01`;
}

/** The calendar's address with its view, day and filters (a query never changes the route). */
export function calendarHref(p: {
  view: string;
  date: string;
  district?: string;
  channel?: string;
}): ResolvedPathname {
  const q = new URLSearchParams({ view: p.view, date: p.date });
  if (p.district) q.set('district', p.district);
  if (p.channel) q.set('channel', p.channel);
  return `${resolve('/campaigns/calendar')}?${q.toString()}` as ResolvedPathname;
}

/** Arrow keys move a day (left/right) or a week (up/down); Home/End go to the week's ends. */
export function keyMove(day: string, key: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(day, -1);
    case 'ArrowRight':
      return addDays(day, 1);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'ArrowDown':
      return addDays(day, 7);
    default:
      return null;
  }
}
