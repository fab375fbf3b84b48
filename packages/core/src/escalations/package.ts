import { DomainError } from '../errors/errors.js';

/**
 * What an escalation package may hold. A route names the parts its recipient needs; the package
 * built for it holds those and nothing else. The route itself, the reason and who decided always
 * go, so the recipient can see why it came and the partnership can answer for it.
 */
export const PACKAGE_PARTS = [
  'excerpt',
  'link',
  'platform',
  'published_at',
  'category',
  'score',
  'districts',
  'summary',
  'counts',
  'reason',
  'decided_by',
  'identity_if_revealed',
] as const;
export type PackagePart = (typeof PACKAGE_PARTS)[number];

export const PACKAGE_PART_LABELS: Record<PackagePart, string> = {
  excerpt: 'Excerpt of the post (500 characters)',
  link: 'Link to the post',
  platform: 'Platform',
  published_at: 'When it was published',
  category: 'Category',
  score: 'Score',
  districts: 'Districts',
  summary: 'Summary (category, districts, first and last seen)',
  counts: 'Counts (copies and sources)',
  reason: 'Reason for escalating',
  decided_by: 'Who decided',
  identity_if_revealed: 'Author identity, only with an approved reveal',
};

/** Parts every package carries whatever the route lists. */
export const ALWAYS_IN_PACKAGE: readonly PackagePart[] = ['reason', 'decided_by'];

export function isPackagePart(v: unknown): v is PackagePart {
  return typeof v === 'string' && (PACKAGE_PARTS as readonly string[]).includes(v);
}

export const EXCERPT_CHARS = 500;

export interface PackageFacts {
  signalId: string;
  category: string | null;
  score: number | null;
  platform: string | null;
  url: string | null;
  publishedAt: Date | null;
  text: string;
  districts: readonly string[];
  copies: number;
  sources: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

export interface PackageInput {
  facts: PackageFacts;
  route: { id: string; name: string; kind: string; contents: readonly string[] };
  reason: string;
  decidedBy: { id: string; name: string };
  decidedAt: Date;
  /** An approved, unexpired reveal of this post's author, checked by the caller. */
  reveal?: { id: string; pseudonym: string } | null;
}

export type EscalationPackage = Record<string, unknown>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The minimal package for a route. The author's identity never goes unless the route takes it and
 * an approved reveal is referenced; even then the package names the reveal and the pseudonym, not
 * the identity itself, which stays sealed and is handed over under the reveal's own record.
 */
export function buildEscalationPackage(input: PackageInput): EscalationPackage {
  const { facts, route } = input;
  const parts = new Set<string>([...route.contents, ...ALWAYS_IN_PACKAGE]);
  if (input.reveal && !parts.has('identity_if_revealed'))
    throw new DomainError(
      'invalid_input',
      `The route "${route.name}" does not take an author's identity, so no reveal can go with it.`,
    );
  const pkg: EscalationPackage = {
    signalId: facts.signalId,
    route: { id: route.id, name: route.name, kind: route.kind },
    reason: input.reason,
    decidedBy: input.decidedBy,
    decidedAt: input.decidedAt.toISOString(),
  };
  if (parts.has('excerpt')) pkg.excerpt = facts.text.slice(0, EXCERPT_CHARS);
  if (parts.has('link')) pkg.link = facts.url;
  if (parts.has('platform')) pkg.platform = facts.platform;
  if (parts.has('published_at')) pkg.publishedAt = iso(facts.publishedAt);
  if (parts.has('category')) pkg.category = facts.category;
  if (parts.has('score')) pkg.score = facts.score;
  if (parts.has('districts')) pkg.districts = [...facts.districts];
  if (parts.has('summary'))
    pkg.summary = {
      category: facts.category,
      districts: [...facts.districts],
      firstSeenAt: iso(facts.firstSeenAt),
      lastSeenAt: iso(facts.lastSeenAt),
    };
  if (parts.has('counts')) pkg.counts = { copies: facts.copies, sources: facts.sources };
  if (input.reveal) pkg.identity = { revealId: input.reveal.id, pseudonym: input.reveal.pseudonym };
  return pkg;
}

/** When an answer is due: the route's expected response time after sending. */
export function responseDueAt(sentAt: Date, expectedResponseHours: number): Date {
  return new Date(sentAt.getTime() + expectedResponseHours * 3_600_000);
}

/**
 * Overdue: still only "sent" (nobody has recorded an acknowledgement) after the route's expected
 * response time. Acknowledged and closed escalations are never overdue.
 */
export function isOverdue(
  e: { status: string; sentAt: Date; expectedResponseHours: number },
  now: Date = new Date(),
): boolean {
  return e.status === 'sent' && now.getTime() > responseDueAt(e.sentAt, e.expectedResponseHours).getTime();
}

export type ContentStatus = 'online' | 'removed' | 'unknown';

/**
 * What one re-check says about the post: 404 or 410 means it has gone; a 2xx answer means it is
 * still there; anything else (5xx, a timeout, robots.txt, a refused address) tells us nothing, so
 * the status is kept (null) and only the time of the check is recorded.
 */
export function contentStatusFromCheck(outcome: {
  status?: number | undefined;
}): 'online' | 'removed' | null {
  const s = outcome.status;
  if (s === 404 || s === 410) return 'removed';
  if (s !== undefined && s >= 200 && s < 300) return 'online';
  return null;
}
