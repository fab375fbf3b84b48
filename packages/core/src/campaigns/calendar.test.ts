import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar } from './ics.js';
import { addMonths, londonInstant, londonParts, monthWeeks, moveActivity } from './london.js';
import { compareVolumes, outcomeWindows, tallyActivities } from './outcomes.js';
import { reminderDelayMs, reminderJobId, reminderStillDue } from './reminders.js';

describe('Europe/London wall time', () => {
  it('maps 10:00 local to the right instant on either side of the October 2026 change', () => {
    expect(londonInstant('2026-10-24', '10:00').toISOString()).toBe('2026-10-24T09:00:00.000Z');
    expect(londonInstant('2026-10-31', '10:00').toISOString()).toBe('2026-10-31T10:00:00.000Z');
    expect(londonParts(new Date('2026-10-24T09:00:00Z')).time).toBe('10:00');
  });

  it('reads an ambiguous autumn time as BST and a skipped spring time as after the gap', () => {
    expect(londonInstant('2026-10-25', '01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('keeps local time of day when an activity moves across the change', () => {
    const start = londonInstant('2026-10-24', '10:00');
    const moved = moveActivity(start, new Date(start.getTime() + 7200_000), '2026-10-31');
    expect(moved.startsAt.toISOString()).toBe('2026-10-31T10:00:00.000Z');
    expect(moved.endsAt?.toISOString()).toBe('2026-10-31T12:00:00.000Z');
    expect(moveActivity(start, null, '2026-10-26', '14:30').startsAt.toISOString()).toBe(
      '2026-10-26T14:30:00.000Z',
    );
  });

  it('lays a month out in Monday-first weeks', () => {
    const weeks = monthWeeks('2026-11');
    expect(weeks[0]?.[0]).toBe('2026-10-26');
    expect(weeks.at(-1)?.[6]).toBe('2026-12-06');
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
  });

  it('refuses malformed days and times plainly', () => {
    expect(() => londonInstant('2026-02-30', '10:00')).toThrow(/not a date/);
    expect(() => londonInstant('2026-02-03', '25:00')).toThrow(/not a time/);
  });
});

describe('iCalendar output', () => {
  it('escapes text values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const physical = foldLine(line).split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const p of physical) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(physical.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });

  it('writes London wall time with a VTIMEZONE, stable UIDs and CRLF', () => {
    const at = new Date('2026-10-01T08:00:00Z');
    const text = renderCalendar({
      name: 'Test',
      host: 'cp.example.com',
      events: [
        {
          id: 'a1',
          title: 'Drop-in, Saltmere',
          startsAt: londonInstant('2026-10-31', '10:00'),
          endsAt: londonInstant('2026-10-31', '12:00'),
          status: 'planned',
          createdAt: at,
          updatedAt: at,
        },
      ],
    });
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    expect(text).toContain('UID:activity-a1@cp.example.com');
    expect(text).toContain('DTSTART;TZID=Europe/London:20261031T100000');
    expect(text).toContain('DTSTAMP:20261001T080000Z');
    expect(text).toContain('SUMMARY:Drop-in\\, Saltmere');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});

describe('outcome windows and volumes', () => {
  it('compares equal windows before the start and after the end', () => {
    expect(outcomeWindows('2026-10-01', '2026-10-10', '2026-11-30')).toEqual({
      kind: 'ready',
      days: 10,
      complete: true,
      before: { from: '2026-09-21', to: '2026-09-30' },
      after: { from: '2026-10-11', to: '2026-10-20' },
    });
  });

  it('cuts both windows to the days that have passed after the end', () => {
    const w = outcomeWindows('2026-10-01', '2026-10-10', '2026-10-14');
    expect(w).toMatchObject({ kind: 'ready', days: 3, complete: false });
    if (w.kind === 'ready') {
      expect(w.before).toEqual({ from: '2026-09-28', to: '2026-09-30' });
      expect(w.after).toEqual({ from: '2026-10-11', to: '2026-10-13' });
    }
  });

  it('says when the comparison opens for a campaign not yet ended, and refuses undated ones', () => {
    expect(outcomeWindows('2026-10-01', '2026-10-10', '2026-10-05')).toEqual({
      kind: 'not_ended',
      afterOpensOn: '2026-10-11',
    });
    expect(outcomeWindows(null, '2026-10-10', '2026-10-05').kind).toBe('undated');
  });

  it('computes change and percentage, with no percentage from zero', () => {
    expect(compareVolumes(20, 15)).toEqual({
      before: 20,
      after: 15,
      change: -5,
      percent: -25,
      direction: 'down',
    });
    expect(compareVolumes(0, 4).percent).toBeNull();
  });

  it('tallies planned against delivered, summing figures entered', () => {
    const t = tallyActivities([
      { status: 'delivered', reach: 40, engagement: 10 },
      { status: 'delivered', reach: null, engagement: null },
      { status: 'planned', reach: null, engagement: null },
      { status: 'cancelled', reach: null, engagement: null },
    ]);
    expect(t).toEqual({ planned: 1, delivered: 2, cancelled: 1, reach: 40, engagement: 10, missingReach: 1 });
  });
});

describe('reminders', () => {
  const start = new Date('2026-10-31T10:00:00Z');
  it('delays until the chosen time before, and not at all for a past activity', () => {
    expect(reminderDelayMs(start, 60, new Date('2026-10-31T08:00:00Z'))).toBe(3600_000);
    expect(reminderDelayMs(start, 60, new Date('2026-10-31T09:30:00Z'))).toBe(0);
    expect(reminderDelayMs(start, 60, new Date('2026-10-31T10:00:00Z'))).toBeNull();
  });

  it('names the job by its start, and goes quiet once the activity moved', () => {
    expect(reminderJobId('a1', start, 60)).not.toContain(':');
    const job = { startsAt: start.toISOString(), minutesBefore: 60 };
    const activity = { startsAt: start, reminderMinutesBefore: 60, status: 'planned', reminderSentAt: null };
    expect(reminderStillDue(job, activity)).toBe(true);
    expect(reminderStillDue(job, { ...activity, startsAt: new Date('2026-11-01T10:00:00Z') })).toBe(false);
    expect(reminderStillDue(job, { ...activity, status: 'cancelled' })).toBe(false);
  });
});
