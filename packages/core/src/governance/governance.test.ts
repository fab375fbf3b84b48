import { describe, expect, it } from 'vitest';
import { londonDay } from '../campaigns/london.js';
import {
  actionState,
  assertPlanActionStatusChange,
  assertRiskStatusChange,
  parsePlanActionInput,
  parseRiskInput,
  reviewState,
  riskBand,
  riskMatrix,
  riskStatusOptions,
  sortRisks,
  suggestedReviewOn,
} from './risk-register.js';
import { actionKindsFor, parseSpaceActionInput, parseSpaceInput } from './spaces.js';

describe('risk rating', () => {
  it('bands every cell of the 5×5 matrix by likelihood × impact', () => {
    const bands = [1, 2, 3, 4, 5].map((i) => [1, 2, 3, 4, 5].map((l) => riskBand(l, i)));
    expect(bands).toEqual([
      ['low', 'low', 'low', 'moderate', 'moderate'],
      ['low', 'moderate', 'moderate', 'high', 'high'],
      ['low', 'moderate', 'high', 'high', 'very_high'],
      ['moderate', 'high', 'high', 'very_high', 'very_high'],
      ['moderate', 'high', 'very_high', 'very_high', 'very_high'],
    ]);
  });

  it('suggests a sooner review for a higher band', () => {
    expect(suggestedReviewOn('very_high', '2026-11-29')).toBe('2026-12-29');
    expect(suggestedReviewOn('low', '2026-11-29')).toBe('2027-11-29');
  });

  it('counts risks into their cells', () => {
    const cells = riskMatrix([
      { likelihood: 4, impact: 5 },
      { likelihood: 4, impact: 5 },
      { likelihood: 1, impact: 1 },
    ]);
    expect(cells[4]![3]).toBe(2);
    expect(cells[0]![0]).toBe(1);
    expect(cells.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('overdue in London days', () => {
  it('makes a review overdue the day after its date, not on it', () => {
    expect(reviewState({ status: 'open', reviewOn: '2026-11-28' }, '2026-11-29')).toBe('overdue');
    expect(reviewState({ status: 'open', reviewOn: '2026-11-29' }, '2026-11-29')).toBe('due_soon');
    expect(reviewState({ status: 'open', reviewOn: '2026-12-31' }, '2026-11-29')).toBe('on_track');
    expect(reviewState({ status: 'closed', reviewOn: '2026-01-01' }, '2026-11-29')).toBe('none');
    expect(reviewState({ status: 'treating', reviewOn: null }, '2026-11-29')).toBe('none');
  });

  it('uses the London day: 23:30Z on 30 June is already 1 July in BST', () => {
    const today = londonDay(new Date('2026-06-30T23:30:00Z'));
    expect(today).toBe('2026-07-01');
    expect(actionState({ status: 'in_progress', dueOn: '2026-06-30' }, today)).toBe('overdue');
    // In winter London is on UTC, so 23:30Z is still the same day.
    expect(londonDay(new Date('2026-12-30T23:30:00Z'))).toBe('2026-12-30');
  });

  it('never calls a finished or cancelled action overdue', () => {
    expect(actionState({ status: 'done', dueOn: '2020-01-01' }, '2026-11-29')).toBe('none');
    expect(actionState({ status: 'cancelled', dueOn: '2020-01-01' }, '2026-11-29')).toBe('none');
    expect(actionState({ status: 'not_started', dueOn: '2026-12-05' }, '2026-11-29')).toBe('due_soon');
  });
});

describe('status changes', () => {
  const open = { status: 'not_started' as const };
  const done = { status: 'done' as const };

  it('refuses to close a risk with open actions, and to treat one with none', () => {
    expect(() => assertRiskStatusChange('closed', { status: 'treating', actions: [open] })).toThrow(
      /open plan actions/,
    );
    expect(() => assertRiskStatusChange('closed', { status: 'treating', actions: [done] })).not.toThrow();
    expect(() => assertRiskStatusChange('treating', { status: 'open', actions: [done] })).toThrow(
      /plan action/,
    );
    expect(() => assertRiskStatusChange('treating', { status: 'open', actions: [open] })).not.toThrow();
  });

  it('only re-opens a closed risk', () => {
    expect(() => assertRiskStatusChange('tolerated', { status: 'closed', actions: [] })).toThrow(/Re-open/);
    expect(() => assertRiskStatusChange('open', { status: 'closed', actions: [] })).not.toThrow();
    const options = riskStatusOptions({ status: 'closed', actions: [] });
    expect(options.filter((o) => !o.blockedBy).map((o) => o.to)).toEqual(['open']);
  });

  it('does not cancel a finished action', () => {
    expect(() => assertPlanActionStatusChange('done', 'cancelled')).toThrow();
    expect(() => assertPlanActionStatusChange('done', 'in_progress')).not.toThrow();
  });
});

describe('risk and action input', () => {
  it('accepts a county-wide risk and names every bad field', () => {
    const ok = parseRiskInput({ title: ' Online grooming ', likelihood: '3', impact: '5', districtId: '' });
    expect(ok).toMatchObject({
      ok: true,
      value: { title: 'Online grooming', districtId: null, reviewOn: null },
    });
    const bad = parseRiskInput({ title: 'x', likelihood: '6', impact: '0', reviewOn: '2026-02-30' });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(Object.keys(bad.errors).sort()).toEqual(['impact', 'likelihood', 'reviewOn', 'title']);
  });

  it('needs a due date and a known status for an action', () => {
    expect(parsePlanActionInput({ title: 'Brief the DSLs', dueOn: '' }).ok).toBe(false);
    expect(parsePlanActionInput({ title: 'Brief the DSLs', dueOn: '2026-12-01', status: 'paused' }).ok).toBe(
      false,
    );
    expect(parsePlanActionInput({ title: 'Brief the DSLs', dueOn: '2026-12-01' })).toMatchObject({
      ok: true,
      value: { status: 'not_started', ownerId: null },
    });
  });

  it('sorts worst first, then the soonest review, undated last', () => {
    const at = new Date();
    const rows = [
      { title: 'a', likelihood: 2, impact: 2, reviewOn: null, updatedAt: at },
      { title: 'b', likelihood: 5, impact: 5, reviewOn: '2026-12-01', updatedAt: at },
      { title: 'c', likelihood: 2, impact: 2, reviewOn: '2026-11-01', updatedAt: at },
    ];
    expect(sortRisks(rows, 'score').map((r) => r.title)).toEqual(['b', 'c', 'a']);
    expect(sortRisks(rows, 'review').map((r) => r.title)).toEqual(['c', 'b', 'a']);
  });
});

describe('spaces', () => {
  it('needs a platform or address online and a location offline, dropping the other kind’s fields', () => {
    expect(parseSpaceInput({ kind: 'online', name: 'Group chat' }).ok).toBe(false);
    const offline = parseSpaceInput({
      kind: 'offline',
      name: 'Market hall',
      address: 'High Street',
      url: 'https://x.example',
      sourceId: 'src_1',
    });
    expect(offline).toMatchObject({ ok: true, value: { url: null, sourceId: null, riskRating: 'medium' } });
    const badUrl = parseSpaceInput({ kind: 'online', name: 'Forum', url: 'javascript:alert(1)' });
    expect(badUrl.ok).toBe(false);
    if (!badUrl.ok) expect(badUrl.errors.url).toMatch(/https/);
  });

  it('fits platform reports to online spaces and venue conversations to offline ones', () => {
    expect(actionKindsFor('online')).toEqual(['platform_report', 'monitoring']);
    expect(parseSpaceActionInput({ kind: 'platform_report', note: 'Reported 3 posts' }, 'offline').ok).toBe(
      false,
    );
    expect(parseSpaceActionInput({ kind: 'venue_conversation', note: 'Met the manager' }, 'offline').ok).toBe(
      true,
    );
  });
});
