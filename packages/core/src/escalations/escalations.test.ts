import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/errors.js';
import {
  buildEscalationPackage,
  contentStatusFromCheck,
  isOverdue,
  responseDueAt,
  type PackageFacts,
} from './package.js';
import { chooseRoute, rankRoutes, routeMatch, type RouteCandidate } from './route-choice.js';
import { parseRouteInput } from './route-input.js';

const route = (id: string, kind: string, category: string | null, districtId: string | null, active = true) =>
  ({ id, name: id, kind, category, districtId, active }) satisfies RouteCandidate;

describe('route choice', () => {
  const routes = [
    route('ct-any', 'ct_policing', null, null),
    route('ct-islamist', 'ct_policing', 'islamist', null),
    route('ct-elmford', 'ct_policing', null, 'elmford'),
    route('ct-islamist-elmford', 'ct_policing', 'islamist', 'elmford'),
    route('ct-islamist-elmford-old', 'ct_policing', 'islamist', 'elmford', false),
    route('platform', 'platform_report', null, null),
    route('ct-right', 'ct_policing', 'extreme_right', null),
  ];

  it('prefers category and district, then category, then district, then any', () => {
    const pick = (category: string | null, districtIds: string[]) =>
      chooseRoute(routes, { category, districtIds }, 'ct_policing')?.id;
    expect(pick('islamist', ['saltmere', 'elmford'])).toBe('ct-islamist-elmford');
    expect(pick('islamist', ['saltmere'])).toBe('ct-islamist');
    expect(pick('conspiracy', ['elmford'])).toBe('ct-elmford');
    expect(pick('conspiracy', ['saltmere'])).toBe('ct-any');
    expect(pick(null, [])).toBe('ct-any');
    expect(
      chooseRoute(routes, { category: 'islamist', districtIds: [] }, 'safeguarding_lead'),
    ).toBeUndefined();
  });

  it('never applies an inactive route or one for another category or district', () => {
    const signal = { category: 'islamist', districtIds: ['elmford'] };
    expect(routeMatch(routes[4]!, signal)).toBeNull();
    expect(routeMatch(routes[6]!, signal)).toBeNull();
    expect(routeMatch(route('x', 'ct_policing', null, 'copperdown'), signal)).toBeNull();
    const ranked = rankRoutes(routes, signal);
    expect(ranked.map((r) => r.route.id)).not.toContain('ct-islamist-elmford-old');
  });

  it('suggests the best route of each kind first, then the rest, then those that do not apply', () => {
    const ranked = rankRoutes(routes, { category: 'islamist', districtIds: ['elmford'] });
    expect(ranked.map((r) => [r.route.id, r.match, r.suggested])).toEqual([
      ['ct-islamist-elmford', 'category_district', true],
      ['platform', 'any', true],
      ['ct-islamist', 'category', false],
      ['ct-elmford', 'district', false],
      ['ct-any', 'any', false],
      ['ct-right', null, false],
    ]);
  });
});

const facts: PackageFacts = {
  signalId: 'sig_1',
  category: 'violence',
  score: 81,
  platform: 'mastodon',
  url: 'https://social.example/@x/1',
  publishedAt: new Date('2026-11-01T10:00:00Z'),
  text: 'x'.repeat(900),
  districts: ['Elmford'],
  copies: 4,
  sources: 2,
  firstSeenAt: new Date('2026-11-01T10:00:00Z'),
  lastSeenAt: new Date('2026-11-02T10:00:00Z'),
};
const base = {
  facts,
  reason: 'Threat against a named venue',
  decidedBy: { id: 'usr_1', name: 'Sam Patel' },
  decidedAt: new Date('2026-11-03T09:00:00Z'),
};

describe('escalation package', () => {
  it('holds what the route lists, plus route, reason and who decided, and never the author', () => {
    const pkg = buildEscalationPackage({
      ...base,
      route: { id: 'rte_1', name: 'Platform', kind: 'platform_report', contents: ['excerpt', 'link'] },
    });
    expect(pkg).toEqual({
      signalId: 'sig_1',
      route: { id: 'rte_1', name: 'Platform', kind: 'platform_report' },
      reason: 'Threat against a named venue',
      decidedBy: { id: 'usr_1', name: 'Sam Patel' },
      decidedAt: '2026-11-03T09:00:00.000Z',
      excerpt: 'x'.repeat(500),
      link: 'https://social.example/@x/1',
    });
    expect(JSON.stringify(pkg)).not.toMatch(/identity|pseudonym|author/);
  });

  it('gives the board counts and a summary, not the post', () => {
    const pkg = buildEscalationPackage({
      ...base,
      route: { id: 'rte_2', name: 'Board', kind: 'partnership_board', contents: ['summary', 'counts'] },
    });
    expect(pkg.excerpt).toBeUndefined();
    expect(pkg.link).toBeUndefined();
    expect(pkg.counts).toEqual({ copies: 4, sources: 2 });
    expect(pkg.summary).toMatchObject({ category: 'violence', districts: ['Elmford'] });
  });

  it('references an approved reveal only on a route that takes identities', () => {
    const reveal = { id: 'rvl_1', pseudonym: 'abc123' };
    const police = {
      id: 'rte_3',
      name: 'Police',
      kind: 'ct_policing',
      contents: ['excerpt', 'identity_if_revealed'],
    };
    expect(buildEscalationPackage({ ...base, route: police, reveal }).identity).toEqual({
      revealId: 'rvl_1',
      pseudonym: 'abc123',
    });
    expect(buildEscalationPackage({ ...base, route: police }).identity).toBeUndefined();
    try {
      buildEscalationPackage({ ...base, route: { ...police, contents: ['excerpt'] }, reveal });
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('invalid_input');
    }
  });
});

describe('response times and content checks', () => {
  const sentAt = new Date('2026-11-01T12:00:00Z');
  it('is overdue only while still sent past the expected response time', () => {
    expect(responseDueAt(sentAt, 24).toISOString()).toBe('2026-11-02T12:00:00.000Z');
    const later = new Date('2026-11-02T12:00:01Z');
    expect(isOverdue({ status: 'sent', sentAt, expectedResponseHours: 24 }, later)).toBe(true);
    expect(isOverdue({ status: 'sent', sentAt, expectedResponseHours: 25 }, later)).toBe(false);
    expect(isOverdue({ status: 'acknowledged', sentAt, expectedResponseHours: 24 }, later)).toBe(false);
    expect(isOverdue({ status: 'closed', sentAt, expectedResponseHours: 1 }, later)).toBe(false);
  });

  it('reads 404 and 410 as removed, 2xx as online and anything else as no news', () => {
    expect(contentStatusFromCheck({ status: 404 })).toBe('removed');
    expect(contentStatusFromCheck({ status: 410 })).toBe('removed');
    expect(contentStatusFromCheck({ status: 200 })).toBe('online');
    expect(contentStatusFromCheck({ status: 503 })).toBeNull();
    expect(contentStatusFromCheck({ status: 403 })).toBeNull();
    expect(contentStatusFromCheck({})).toBeNull();
  });
});

describe('route form input', () => {
  const good = {
    name: 'Elmford safeguarding lead',
    kind: 'safeguarding_lead',
    category: '',
    districtId: 'dst_1',
    contact: 'dsl@elmford.example',
    expectedResponseHours: '48',
    packageContents: ['excerpt', 'reason'],
    description: '',
  };
  it('accepts a complete route, with empty category meaning any', () => {
    const r = parseRouteInput(good, ['violence']);
    expect(r).toEqual({
      ok: true,
      value: { ...good, category: null, expectedResponseHours: 48 },
    });
  });
  it('names each field that needs fixing', () => {
    const r = parseRouteInput(
      {
        ...good,
        name: 'x',
        kind: 'email',
        category: 'nope',
        expectedResponseHours: '1.5',
        packageContents: [],
      },
      ['violence'],
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(Object.keys(r.errors).sort()).toEqual([
        'category',
        'expectedResponseHours',
        'kind',
        'name',
        'packageContents',
      ]);
    const unknown = parseRouteInput({ ...good, packageContents: ['excerpt', 'home_address'] }, []);
    expect(unknown.ok).toBe(false);
  });
});
