import { londonParts, LONDON } from './london.js';

/**
 * iCalendar (RFC 5545) output for calendar subscriptions. Times are written as Europe/London wall
 * time with a VTIMEZONE, so Outlook, Google and Apple show 10:00 as 10:00 on either side of a clock
 * change; the VTIMEZONE carries the UK rules in force since 1996 (last Sunday of March at 01:00 GMT,
 * last Sunday of October at 02:00 BST), which every activity we plan falls under.
 */

export interface IcsEvent {
  /** Stable identity: the same activity keeps its UID when it is moved or renamed. */
  id: string;
  title: string;
  description?: string | null;
  location?: string | null;
  categories?: readonly string[];
  url?: string | null;
  startsAt: Date;
  endsAt?: Date | null;
  status: 'planned' | 'delivered' | 'cancelled';
  createdAt: Date;
  updatedAt: Date;
}

export interface IcsCalendar {
  name: string;
  /** Host name used to make UIDs globally unique (e.g. counterpoint.elmshire.gov.uk). */
  host: string;
  events: readonly IcsEvent[];
}

const CRLF = '\r\n';

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line so no physical line exceeds 75 octets (RFC 5545 §3.1): continuation lines
 * start with one space, which counts towards their 75. Never splits a UTF-8 character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = utf8Length(ch);
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** Octets of one code point in UTF-8 (no Buffer: this module also runs in the browser bundle). */
function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 20261024T100000Z */
export function utcStamp(instant: Date): string {
  return (
    `${instant.getUTCFullYear()}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

/** 20261024T100000, the wall time in London (paired with TZID=Europe/London). */
export function londonStamp(instant: Date): string {
  const p = londonParts(instant);
  return `${p.day.replace(/-/g, '')}T${p.time.replace(':', '')}${pad(instant.getUTCSeconds())}`;
}

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON}`,
  `X-LIC-LOCATION:${LONDON}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19810329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const STATUS: Record<IcsEvent['status'], string> = {
  planned: 'CONFIRMED',
  delivered: 'CONFIRMED',
  cancelled: 'CANCELLED',
};

function eventLines(e: IcsEvent, host: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:activity-${e.id}@${host}`,
    // No METHOD is set, so DTSTAMP means the same as LAST-MODIFIED (§3.8.7.2): the feed is then
    // byte-for-byte stable between polls unless something changed.
    `DTSTAMP:${utcStamp(e.updatedAt)}`,
    `CREATED:${utcStamp(e.createdAt)}`,
    `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
    `DTSTART;TZID=${LONDON}:${londonStamp(e.startsAt)}`,
  ];
  if (e.endsAt && e.endsAt > e.startsAt) lines.push(`DTEND;TZID=${LONDON}:${londonStamp(e.endsAt)}`);
  lines.push(`SUMMARY:${escapeText(e.title)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  const categories = (e.categories ?? []).filter((c) => c.trim());
  if (categories.length) lines.push(`CATEGORIES:${categories.map(escapeText).join(',')}`);
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push(`STATUS:${STATUS[e.status]}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/** A whole VCALENDAR, CRLF line endings, every line folded. */
export function renderCalendar(cal: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Counterpoint//Campaign calendar//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `X-WR-TIMEZONE:${LONDON}`,
    ...VTIMEZONE,
    ...[...cal.events]
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .flatMap((e) => eventLines(e, cal.host)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
