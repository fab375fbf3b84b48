/** Display helpers: UK dates and plain-English labels for stored codes. */

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const DAY_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDay(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return Number.isNaN(d.getTime()) ? '—' : DAY.format(d);
}

export function formatDayTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? '—' : DAY_TIME.format(d);
}

const LABELS: Record<string, string> = {
  in_review: 'In review',
  extreme_right: 'Extreme right',
  anti_minority: 'Anti-minority',
  not_started: 'Not started',
  in_progress: 'In progress',
};

/** 'in_review' → 'In review'; known codes get their proper wording. */
export function humanise(code: string | null | undefined): string {
  if (!code) return '—';
  const known = LABELS[code];
  if (known) return known;
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// One formatter for every count: building an Intl.NumberFormat (or calling toLocaleString with a
// locale, which builds one each time) cost about 2% of the web process's CPU on the queue page.
const COUNT = new Intl.NumberFormat('en-GB');

/** 12500 → '12,500'. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${COUNT.format(n)} ${n === 1 ? one : many}`;
}
