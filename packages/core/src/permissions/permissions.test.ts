import { describe, expect, it } from 'vitest';
import { ACTIONS, ROLES, can, PERMISSIONS } from './permissions.js';

describe('permission table', () => {
  it('refuses Admin actions to an engagement officer', () => {
    expect(can('engagement_officer', 'users:manage')).toBe(false);
    expect(can('engagement_officer', 'sources:edit')).toBe(false);
    expect(can('engagement_officer', 'outreach:edit')).toBe(true);
  });

  it('lets a board viewer see reports and nothing else', () => {
    for (const action of ACTIONS) {
      expect(can('board_viewer', action)).toBe(action === 'reports:view');
    }
  });

  it('keeps identity approval with supervisors only', () => {
    const approvers = ROLES.filter((r) => can(r, 'identity:approve'));
    expect(approvers).toEqual(['supervisor']);
  });

  it('lets supervisors and administrators place legal holds, and only administrators set retention', () => {
    expect(ROLES.filter((r) => can(r, 'legal_hold:manage'))).toEqual(['admin', 'supervisor']);
    expect(ROLES.filter((r) => can(r, 'retention:manage'))).toEqual(['admin']);
  });

  it('leaves data subject requests and the audit trail to supervisors and administrators', () => {
    expect(ROLES.filter((r) => can(r, 'subjects:manage'))).toEqual(['admin', 'supervisor']);
    expect(ROLES.filter((r) => can(r, 'audit:view'))).toEqual(['admin', 'supervisor']);
  });

  it('opens the risk and spaces registers to partnership staff but never to a board viewer', () => {
    expect(ROLES.filter((r) => can(r, 'risks:view'))).toEqual(ROLES.filter((r) => r !== 'board_viewer'));
    expect(ROLES.filter((r) => can(r, 'spaces:view'))).toEqual(ROLES.filter((r) => r !== 'board_viewer'));
    expect(ROLES.filter((r) => can(r, 'risks:edit'))).toEqual(['admin', 'supervisor']);
  });

  it('refuses everything without a role', () => {
    expect(can(null, 'dashboard:view')).toBe(false);
  });

  it('grants only known actions', () => {
    for (const role of ROLES) {
      for (const action of PERMISSIONS[role]) expect(ACTIONS).toContain(action);
    }
  });
});
