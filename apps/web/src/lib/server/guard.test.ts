import { describe, expect, it } from 'vitest';
import { decide, formActionName, safeRedirect } from './guard.js';

describe('decide', () => {
  it('sends a signed-out visitor to sign in, except on public routes', () => {
    expect(decide({ routeId: '/(app)/signals', formAction: null, role: null })).toEqual({ kind: 'sign-in' });
    expect(decide({ routeId: '/sign-in', formAction: null, role: null })).toEqual({ kind: 'allow' });
    expect(decide({ routeId: '/sign-in', formAction: 'default', role: null })).toEqual({ kind: 'allow' });
  });

  it('refuses an engagement officer Admin, and an analyst the add-user action', () => {
    expect(decide({ routeId: '/(app)/admin', formAction: null, role: 'engagement_officer' })).toEqual({
      kind: 'forbidden',
      area: 'Admin',
    });
    expect(decide({ routeId: '/(app)/admin', formAction: 'addUser', role: 'analyst' }).kind).toBe(
      'forbidden',
    );
    expect(decide({ routeId: '/(app)/admin', formAction: 'addUser', role: 'admin' }).kind).toBe('allow');
  });

  it('refuses routes and form actions that have no rule', () => {
    expect(decide({ routeId: '/(app)/secret', formAction: null, role: 'admin' }).kind).toBe('no-rule');
    expect(decide({ routeId: '/(app)/admin', formAction: 'dropTables', role: 'admin' }).kind).toBe('no-rule');
    expect(decide({ routeId: '/(app)/signals', formAction: 'default', role: 'admin' }).kind).toBe('no-rule');
  });

  it('lets a board viewer see reports only', () => {
    expect(decide({ routeId: '/(app)/reports', formAction: null, role: 'board_viewer' }).kind).toBe('allow');
    expect(decide({ routeId: '/(app)', formAction: null, role: 'board_viewer' }).kind).toBe('forbidden');
  });
});

describe('formActionName', () => {
  it('reads the ?/name parameter', () => {
    expect(formActionName(new URL('http://x/admin?/addUser'))).toBe('addUser');
    expect(formActionName(new URL('http://x/sign-in'))).toBe('default');
  });
});

describe('safeRedirect', () => {
  it('keeps same-origin paths and drops everything else', () => {
    expect(safeRedirect('/signals?status=new', '/')).toBe('/signals?status=new');
    expect(safeRedirect('//evil.example.com/x', '/')).toBe('/');
    expect(safeRedirect('/\\evil.example.com', '/')).toBe('/');
    expect(safeRedirect('https://evil.example.com', '/')).toBe('/');
    expect(safeRedirect(null, '/home')).toBe('/home');
  });
});
