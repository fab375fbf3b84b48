import { describe, expect, it } from 'vitest';
import { splitTopics } from './fields.js';
import { followUpState, parseEngagementInput, parseTrainingInput } from './records.js';

const today = '2026-11-29';
const base = {
  fields: {
    kind: 'visit',
    title: 'Visit to the Youth Hub',
    occurredOn: '2026-11-20',
    topics: 'online safety; Online Safety, rumours',
  },
  organisationIds: ['org_1', 'org_1', ' '],
  contactIds: [],
  narrativeIds: ['nar_1'],
  campaignIds: [],
  followUps: [{ description: '', ownerId: 'usr_me', dueOn: '' }],
};

describe('parseEngagementInput', () => {
  it('reads an engagement, de-duplicating topics and links and ignoring a follow-up row with only its preset owner', () => {
    const r = parseEngagementInput(base, today);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.topics).toEqual(['online safety', 'rumours']);
    expect(r.value.organisationIds).toEqual(['org_1']);
    expect(r.value.followUps).toEqual([]);
  });

  it('refuses a future date, a half-filled follow-up and one due before the engagement', () => {
    const r = parseEngagementInput(
      {
        ...base,
        fields: { ...base.fields, occurredOn: '2026-12-01' },
        followUps: [
          { description: 'Send dates', ownerId: '', dueOn: '2026-12-05' },
          { description: 'Call back', ownerId: 'usr_1', dueOn: '2026-11-30' },
        ],
      },
      today,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.occurredOn).toMatch(/future/);
    expect(r.errors['followUps.0.ownerId']).toMatch(/Owner is required/);
    expect(r.errors['followUps.1.dueOn']).toMatch(/before the engagement/);
  });
});

describe('followUpState', () => {
  it('orders overdue before today before the coming week', () => {
    expect(followUpState('2026-11-28', false, today)).toBe('overdue');
    expect(followUpState(today, false, today)).toBe('due_today');
    expect(followUpState('2026-12-06', false, today)).toBe('due_soon');
    expect(followUpState('2026-12-07', false, today)).toBe('later');
    expect(followUpState('2026-11-01', true, today)).toBe('done');
  });
});

describe('parseTrainingInput', () => {
  it('accepts a session and checks the feedback scale', () => {
    const ok = parseTrainingInput(
      {
        deliveredOn: '2026-11-02',
        module: 'Prevent awareness',
        sector: 'education',
        attendees: '24',
        feedbackScore: '4.3',
      },
      today,
    );
    expect(ok.ok && ok.value).toMatchObject({ attendees: 24, feedbackScore: 4.3, sector: 'education' });
    const bad = parseTrainingInput(
      { deliveredOn: '2026-11-02', module: 'X', sector: 'army', attendees: '0', feedbackScore: '6' },
      today,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['attendees', 'feedbackScore', 'sector']);
  });
});

describe('splitTopics', () => {
  it('splits on commas, semicolons and lines', () => {
    expect(splitTopics(' a , b;\nc ,, A ')).toEqual(['a', 'b', 'c']);
  });
});
