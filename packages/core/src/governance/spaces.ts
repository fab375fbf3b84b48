import { DomainError } from '../errors/errors.js';

/**
 * The spaces register as pure rules: where harmful narratives circulate (online channels, groups and
 * forums; offline venues), how a submitted space or logged action is checked, and which actions fit
 * which kind of space.
 */

// Kept equal to the database's CHECK lists (a db test compares them).
export const SPACE_KIND_CODES = ['online', 'offline'] as const;
export type SpaceKind = (typeof SPACE_KIND_CODES)[number];
export const SPACE_RATING_CODES = ['low', 'medium', 'high'] as const;
export type SpaceRating = (typeof SPACE_RATING_CODES)[number];
export const SPACE_STATUS_CODES = ['active', 'monitoring', 'closed'] as const;
export type SpaceStatus = (typeof SPACE_STATUS_CODES)[number];
export const SPACE_ACTION_KIND_CODES = ['platform_report', 'venue_conversation', 'monitoring'] as const;
export type SpaceActionKind = (typeof SPACE_ACTION_KIND_CODES)[number];

export const SPACE_ACTION_LABELS: Readonly<Record<SpaceActionKind, string>> = {
  platform_report: 'Platform report',
  venue_conversation: 'Venue conversation',
  monitoring: 'Monitoring',
};

export const SPACE_STATUS_HINTS: Readonly<Record<SpaceStatus, string>> = {
  active: 'Harmful narratives are circulating here now.',
  monitoring: 'Quiet or being watched after action.',
  closed: 'Gone, or no longer a concern.',
};

/** Reporting to a platform only makes sense online; a conversation with a venue only offline. */
export function actionKindsFor(kind: SpaceKind): SpaceActionKind[] {
  return kind === 'online' ? ['platform_report', 'monitoring'] : ['venue_conversation', 'monitoring'];
}

export interface SpaceInput {
  kind: SpaceKind;
  name: string;
  platform: string | null;
  url: string | null;
  address: string | null;
  districtId: string | null;
  riskRating: SpaceRating;
  status: SpaceStatus;
  /** Only for online spaces: the source that collects its public posts. */
  sourceId: string | null;
  notes: string;
}

export interface SpaceActionInput {
  kind: SpaceActionKind;
  note: string;
}

type Errors<T> = Partial<Record<keyof T, string>>;
export type SpaceFieldResult<T> = { ok: true; value: T } | { ok: false; errors: Errors<T> };

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

function httpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Checks a submitted space. An online space needs a platform or an address on the web; an offline
 * venue needs where it is. Fields that belong to the other kind are dropped, not kept silently.
 */
export function parseSpaceInput(raw: Record<string, unknown>): SpaceFieldResult<SpaceInput> {
  const errors: Errors<SpaceInput> = {};
  const kind = text(raw.kind);
  if (!oneOf(SPACE_KIND_CODES, kind)) errors.kind = 'Choose whether the space is online or offline.';
  const name = text(raw.name);
  if (name.length < 3) errors.name = 'Give the space a name of at least 3 characters.';
  else if (name.length > 200) errors.name = 'Keep the name under 200 characters.';
  const platform = text(raw.platform) || null;
  const url = text(raw.url) || null;
  const address = text(raw.address) || null;
  if (kind === 'online') {
    if (!platform && !url)
      errors.platform = 'Name the platform, or give the address of the group or channel.';
    if (url && !httpUrl(url)) errors.url = 'Give a web address starting https:// (or http://).';
    if (url && url.length > 2000) errors.url = 'Keep the address under 2,000 characters.';
  } else if (kind === 'offline' && !address) errors.address = 'Say where the venue is.';
  if ((platform?.length ?? 0) > 200) errors.platform = 'Keep the platform under 200 characters.';
  if ((address?.length ?? 0) > 500) errors.address = 'Keep the address under 500 characters.';
  const riskRating = text(raw.riskRating) || 'medium';
  if (!oneOf(SPACE_RATING_CODES, riskRating)) errors.riskRating = 'Choose low, medium or high.';
  const status = text(raw.status) || 'active';
  if (!oneOf(SPACE_STATUS_CODES, status)) errors.status = 'Choose one of the statuses offered.';
  const notes = text(raw.notes);
  if (notes.length > 4000) errors.notes = 'Keep the notes under 4,000 characters.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const online = kind === 'online';
  return {
    ok: true,
    value: {
      kind: kind as SpaceKind,
      name,
      platform: online ? platform : null,
      url: online ? url : null,
      address: online ? null : address,
      districtId: text(raw.districtId) || null,
      riskRating: riskRating as SpaceRating,
      status: status as SpaceStatus,
      sourceId: online ? text(raw.sourceId) || null : null,
      notes,
    },
  };
}

/** An action logged against a space says what kind it was and what happened. */
export function parseSpaceActionInput(
  raw: Record<string, unknown>,
  spaceKind: SpaceKind,
): SpaceFieldResult<SpaceActionInput> {
  const errors: Errors<SpaceActionInput> = {};
  const kind = text(raw.kind);
  if (!oneOf(SPACE_ACTION_KIND_CODES, kind)) errors.kind = 'Choose what kind of action it was.';
  else if (!actionKindsFor(spaceKind).includes(kind))
    errors.kind =
      spaceKind === 'online'
        ? 'A conversation with a venue belongs to an offline space.'
        : 'A platform report belongs to an online space.';
  const note = text(raw.note);
  if (note.length < 3) errors.note = 'Say what was done and what came of it.';
  else if (note.length > 4000) errors.note = 'Keep the note under 4,000 characters.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { kind: kind as SpaceActionKind, note } };
}

/** The same check for code that already holds a parsed kind (the database layer). */
export function assertSpaceActionFits(actionKind: SpaceActionKind, spaceKind: SpaceKind): void {
  if (!actionKindsFor(spaceKind).includes(actionKind))
    throw new DomainError(
      'invalid_input',
      `A ${actionKind.replace(/_/g, ' ')} does not fit an ${spaceKind} space.`,
    );
}
