import { resolvePeriod, shapeBoardReport, tableById, type BoardReport } from '@counterpoint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit.js';
import { ensureReferenceData } from '../reference.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { BOARD_FIXTURE, plantBoardFixture, type BoardFixtureIds } from './board-report-testing.js';
import { boardReportData } from './board-report.js';
import { createUser } from './users.js';

/**
 * Every figure of the board report for the fixture's October, worked out by hand from
 * board-report-testing.ts (the comments say which rows make each number).
 */

let t: TestDatabase;
let ids: BoardFixtureIds;

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureReferenceData(t.db);
  const sam = await createUser(t.db, SYSTEM_ACTOR, {
    email: 'sam@example.org',
    name: 'Sam Patel',
    role: 'supervisor',
    password: 'correct-horse-battery-staple',
  });
  ids = await plantBoardFixture(t.db, sam.id);
});

afterAll(async () => {
  await t?.drop();
});

async function report(districtId: string | null): Promise<BoardReport> {
  const data = await boardReportData(t.db, { ...BOARD_FIXTURE, districtId });
  return shapeBoardReport(data);
}

const table = (r: BoardReport, id: string) => {
  const found = tableById(r, id);
  if (!found) throw new Error(`no table ${id}`);
  return { head: found.columns.map((c) => c.label), rows: found.rows, total: found.total };
};

describe('board report for the whole county', () => {
  let r: BoardReport;
  beforeAll(async () => {
    r = await report(null);
  });

  it('the period is what the custom preset resolves', () => {
    const p = resolvePeriod({ preset: 'custom', from: '2026-10-01', to: '2026-10-31' }, BOARD_FIXTURE.today);
    expect(p.previous).toMatchObject(BOARD_FIXTURE.previous);
  });

  it('headline figures beside the previous period', () => {
    expect(table(r, 'headline').rows).toEqual([
      // s1–s5 (London days: s1 is 00:30 BST on 1 Oct, s4 23:30 GMT on 31 Oct) against p1–p3.
      ['Signals raised', 5, 3, 66.7],
      // Reviewed after 1, 2, 4, 10 hours → median 3; previous 3, 6, 8 → 6.
      ['Median hours to first review', 3, 6, -50],
      ['Escalations sent', 3, 1, 200],
      // Elmford voices and Saltmere schools; in September only Elmford voices.
      ['Campaigns delivering', 2, 1, 100],
      ['Engagements', 4, 1, 300],
      // 20 + 10 + 30 against 12.
      ['Training attendees', 60, 12, 400],
    ]);
  });

  it('signals by category and district, a post about two districts in both', () => {
    expect(table(r, 'signals-by-category-district')).toEqual({
      head: ['Category', 'Elmford', 'Saltmere', 'Unplaced', 'Total'],
      rows: [
        ['Extreme right', 2, 1, 0, 2],
        ['Islamist', 0, 1, 1, 2],
        ['Uncategorised', 0, 1, 0, 1],
      ],
      total: ['Total', 2, 3, 1, 5],
    });
  });

  it('signals per day on London days', () => {
    const days = table(r, 'signals-by-day');
    expect(days.head).toEqual(['Day', 'Extreme right', 'Islamist', 'Uncategorised', 'Total']);
    expect(days.rows).toHaveLength(31);
    const nonZero = days.rows.filter((row) => row.at(-1) !== 0);
    expect(nonZero).toEqual([
      ['2026-10-01', 1, 0, 0, 1],
      ['2026-10-05', 1, 0, 0, 1],
      ['2026-10-10', 0, 1, 0, 1],
      ['2026-10-20', 0, 0, 1, 1],
      ['2026-10-31', 0, 1, 0, 1],
    ]);
    expect(days.total).toEqual(['Total', 2, 2, 1, 5]);
  });

  it('time to first review', () => {
    expect(table(r, 'first-review').rows).toEqual([
      ['Signals reviewed', 4, 3],
      ['Signals not yet reviewed', 1, null],
      ['Median hours to first review', 3, 6],
    ]);
  });

  it('escalations by route and outcome, counts only', () => {
    expect(table(r, 'escalations')).toEqual({
      head: [
        'Route',
        'Kind',
        'Awaiting acknowledgement',
        'Acknowledged',
        'Closed',
        'Content removed',
        'Total',
      ],
      rows: [
        ['Platform reports', 'Platform report', 0, 1, 1, 1, 2],
        ['Counter Terrorism Policing', 'Ct policing', 1, 0, 0, 0, 1],
      ],
      total: ['Total', null, 1, 1, 1, 1, 3],
    });
  });

  it('narratives new, active and declining', () => {
    expect(r.narrativeCounts).toEqual({ new: 1, active: 1, declining: 1 });
    expect(table(r, 'narratives').rows).toEqual([
      ['New leaflets', 'New', 'Emerging', 0, 0, null],
      // s1, s2 against p1.
      ['Grooming gangs claim', 'Active', 'Active', 2, 1, 100],
      // s3 against p2, p3.
      ['Mosque plans rumour', 'Declining', 'Declining', 1, 2, -50],
    ]);
  });

  it('campaigns delivered and their outcomes', () => {
    expect(table(r, 'campaigns')).toEqual({
      head: [
        'Campaign',
        'Status',
        'Activities delivered',
        'Reach',
        'Engagement',
        'Signals before',
        'Signals after',
        'Change (%)',
        'Outcome note',
      ],
      rows: [
        // 21 days (20 Sep–10 Oct): before 30 Aug–19 Sep holds p1 (Elmford), after 11–31 Oct nothing.
        ['Elmford voices', 'Completed', 2, 500, 45, 1, 0, -100, '1 delivered without a reach figure'],
        [
          'Saltmere schools',
          'Live',
          1,
          200,
          20,
          null,
          null,
          null,
          'No start and end dates, so no outcome to measure',
        ],
      ],
      total: ['Total', null, 3, 700, 65, null, null, null, null],
    });
  });

  it('engagements by district', () => {
    expect(table(r, 'engagements')).toEqual({
      head: ['District', 'Meeting', 'Workshop', 'Total'],
      rows: [
        ['Elmford', 1, 1, 2],
        ['Saltmere', 1, 0, 1],
        ['County-wide', 1, 0, 1],
      ],
      total: ['Total', 3, 1, 4],
    });
  });

  it('training uptake by sector, feedback weighted by attendees', () => {
    expect(table(r, 'training')).toEqual({
      head: ['Sector', 'Sessions', 'Attendees', 'Feedback (1–5)'],
      // (4.0 × 20 + 5.0 × 10) / 30 = 4.33
      rows: [
        ['Education', 1, 30, null],
        ['Police', 2, 30, 4.3],
      ],
      total: ['Total', 3, 60, null],
    });
  });

  it('risk register changes from the audit trail and overdue actions', () => {
    expect(table(r, 'risk-changes')).toEqual({
      head: ['Change', 'Count'],
      // 23:30Z on 31 October is still October in London (GMT); 2 November and September are out.
      rows: [
        ['Actions added', 1],
        ['Actions updated', 1],
        ['Risks added', 1],
        ['Risks updated', 2],
      ],
      total: ['Total', 5],
    });
    expect(tableById(r, 'risk-changes')!.note).toContain('across 3 risks');
    expect(table(r, 'overdue-actions').rows).toEqual([
      [
        'Convene faith leaders',
        'Community tension',
        'County-wide',
        'Sam Patel',
        '2026-10-01',
        59,
        'Not started',
      ],
      [
        'Visit the community centre',
        'Venue misuse',
        'Saltmere',
        'Sam Patel',
        '2026-10-20',
        40,
        'Not started',
      ],
      [
        'Report recruiting channels',
        'Online recruitment',
        'Elmford',
        'Sam Patel',
        '2026-11-10',
        19,
        'In progress',
      ],
    ]);
  });
});

describe('board report for one district (Saltmere)', () => {
  let r: BoardReport;
  beforeAll(async () => {
    r = await report(ids.saltmere);
  });

  it('headline figures', () => {
    expect(table(r, 'headline').rows).toEqual([
      ['Signals raised', 3, 1, 200],
      ['Median hours to first review', 4, 8, -50],
      ['Escalations sent', 2, 0, null],
      ['Campaigns delivering', 1, 0, null],
      ['Engagements', 1, 1, 0],
      ['Training attendees', 40, 0, null],
    ]);
  });

  it('signals, escalations and narratives follow the posts about the district', () => {
    expect(table(r, 'signals-by-category-district')).toEqual({
      head: ['Category', 'Saltmere'],
      rows: [
        ['Extreme right', 1],
        ['Islamist', 1],
        ['Uncategorised', 1],
      ],
      total: ['Total', 3],
    });
    expect(table(r, 'escalations').rows).toEqual([
      ['Counter Terrorism Policing', 'Ct policing', 1, 0, 0, 0, 1],
      ['Platform reports', 'Platform report', 0, 1, 0, 0, 1],
    ]);
    expect(r.narrativeCounts).toEqual({ new: 1, active: 2, declining: 0 });
  });

  it('campaign activity delivered there; engagements and training logged there', () => {
    expect(table(r, 'campaigns').rows.map((row) => row[0])).toEqual(['Saltmere schools']);
    expect(table(r, 'engagements').rows).toEqual([['Saltmere', 1, 1]]);
    expect(table(r, 'training').total).toEqual(['Total', 2, 40, null]);
  });

  it('the risk register includes county-wide risks', () => {
    expect(table(r, 'risk-changes').rows).toEqual([
      ['Actions updated', 1],
      ['Risks updated', 1],
    ]);
    expect(table(r, 'overdue-actions').rows.map((row) => row[0])).toEqual([
      'Convene faith leaders',
      'Visit the community centre',
    ]);
  });

  it('refuses a district that does not exist', async () => {
    await expect(
      boardReportData(t.db, { ...BOARD_FIXTURE, districtId: 'district_nope' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
