import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/errors.js';
import {
  assertCampaignTransition,
  assertMessageAction,
  campaignSteps,
  messageActions,
  messageStatusAfter,
  type CampaignFacts,
} from './workflow.js';

const comms = { id: 'u-comms', role: 'communications_officer' as const };
const supervisor = { id: 'u-sup', role: 'supervisor' as const };
const otherSupervisor = { id: 'u-sup2', role: 'supervisor' as const };
const analyst = { id: 'u-an', role: 'analyst' as const };

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('message four-eyes rule', () => {
  const submitted = { status: 'submitted' as const, authorId: comms.id };

  it('lets a supervisor who did not write a message approve or return it', () => {
    expect(codeOf(() => assertMessageAction(submitted, 'approve', supervisor))).toBeNull();
    expect(codeOf(() => assertMessageAction(submitted, 'return', supervisor, 'Too long'))).toBeNull();
  });

  it('refuses a supervisor approving or returning their own message', () => {
    const own = { status: 'submitted' as const, authorId: supervisor.id };
    expect(codeOf(() => assertMessageAction(own, 'approve', supervisor))).toBe('four_eyes');
    expect(codeOf(() => assertMessageAction(own, 'return', supervisor, 'meh'))).toBe('four_eyes');
    expect(messageActions(own, supervisor)).not.toContain('approve');
    expect(codeOf(() => assertMessageAction(own, 'approve', otherSupervisor))).toBeNull();
  });

  it('refuses approval to roles without campaigns:approve, even for others’ work', () => {
    expect(
      codeOf(() => assertMessageAction(submitted, 'approve', { id: 'x', role: 'communications_officer' })),
    ).toBe('forbidden');
    expect(codeOf(() => assertMessageAction(submitted, 'approve', analyst))).toBe('forbidden');
  });

  it('needs a comment to return, and only reviews submitted messages', () => {
    expect(codeOf(() => assertMessageAction(submitted, 'return', supervisor, '  '))).toBe('invalid_input');
    expect(codeOf(() => assertMessageAction({ ...submitted, status: 'draft' }, 'approve', supervisor))).toBe(
      'invalid_state',
    );
    expect(
      codeOf(() => assertMessageAction({ ...submitted, status: 'approved' }, 'approve', supervisor)),
    ).toBe('invalid_state');
  });

  it('lets only the author edit and submit, while draft or returned', () => {
    expect(messageActions({ status: 'draft', authorId: comms.id }, comms)).toEqual(['edit', 'submit']);
    expect(messageActions({ status: 'returned', authorId: comms.id }, comms)).toEqual(['edit', 'submit']);
    expect(messageActions({ status: 'submitted', authorId: comms.id }, comms)).toEqual([]);
    expect(
      codeOf(() => assertMessageAction({ status: 'draft', authorId: comms.id }, 'edit', supervisor)),
    ).toBe('forbidden');
    expect(messageStatusAfter('submit', 'returned')).toBe('submitted');
    expect(messageStatusAfter('return', 'submitted')).toBe('returned');
  });
});

describe('campaign status workflow', () => {
  const base: CampaignFacts = {
    status: 'draft',
    ownerId: comms.id,
    objective: 'Calm facts',
    startsOn: '2026-10-01',
    endsOn: '2026-10-31',
    districts: 1,
    messages: [{ status: 'approved' }],
    activities: [{ status: 'delivered' }],
  };

  it('walks draft → in review → approved → live → completed → evaluated', () => {
    const path = ['in_review', 'approved', 'live', 'completed', 'evaluated'] as const;
    let c = base;
    for (const to of path) {
      const actor = to === 'approved' ? supervisor : comms;
      expect(codeOf(() => assertCampaignTransition(c, to, actor))).toBeNull();
      c = { ...c, status: to };
    }
  });

  it('refuses skipping a step or going backwards out of live', () => {
    expect(codeOf(() => assertCampaignTransition(base, 'approved', supervisor))).toBe('invalid_state');
    expect(codeOf(() => assertCampaignTransition({ ...base, status: 'live' }, 'draft', comms))).toBe(
      'invalid_state',
    );
  });

  it('keeps approval with supervisors, never the owner', () => {
    const inReview = { ...base, status: 'in_review' as const };
    expect(codeOf(() => assertCampaignTransition(inReview, 'approved', comms))).toBe('forbidden');
    expect(
      codeOf(() => assertCampaignTransition({ ...inReview, ownerId: supervisor.id }, 'approved', supervisor)),
    ).toBe('four_eyes');
  });

  it('says what blocks a step', () => {
    const empty = { ...base, objective: ' ', districts: 0 };
    expect(campaignSteps(empty, comms)).toEqual([
      { to: 'in_review', label: 'Submit for review', blockedBy: 'Write the objective before submitting.' },
    ]);
    const pending = { ...base, status: 'in_review' as const, messages: [{ status: 'submitted' as const }] };
    expect(campaignSteps(pending, supervisor)[0]?.blockedBy).toMatch(/at least one message/i);
    const planned = { ...base, status: 'completed' as const, activities: [{ status: 'planned' as const }] };
    expect(codeOf(() => assertCampaignTransition(planned, 'evaluated', comms))).toBe('invalid_state');
  });
});
