import { isPackagePart, type PackagePart } from './package.js';
import { isRouteKind, type RouteKind } from './route-choice.js';

/** A route as Admin submits it, checked field by field so the form can say what to fix. */
export interface RouteInput {
  name: string;
  kind: RouteKind;
  category: string | null;
  districtId: string | null;
  contact: string;
  expectedResponseHours: number;
  packageContents: PackagePart[];
  description: string;
}

export type RouteField = keyof RouteInput;
export type RouteInputResult =
  { ok: true; value: RouteInput } | { ok: false; errors: Partial<Record<RouteField, string>> };

export const MAX_RESPONSE_HOURS = 24 * 365;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Checks a submitted route. `categories` is the list of scoring categories (a route for an unknown
 * category would never match); whether the district exists is the database's check.
 */
export function parseRouteInput(
  raw: Record<string, unknown>,
  categories: readonly string[],
): RouteInputResult {
  const errors: Partial<Record<RouteField, string>> = {};
  const name = text(raw.name);
  if (name.length < 3) errors.name = 'Give the route a name of at least 3 characters.';
  else if (name.length > 200) errors.name = 'Keep the name under 200 characters.';
  const kind = text(raw.kind);
  if (!isRouteKind(kind)) errors.kind = 'Choose what kind of route this is.';
  const category = text(raw.category) || null;
  if (category !== null && !categories.includes(category))
    errors.category = 'Choose one of the categories, or "Any category".';
  const districtId = text(raw.districtId) || null;
  const contact = text(raw.contact);
  if (contact.length < 3) errors.contact = 'Say who receives it: a team, an address or a form.';
  else if (contact.length > 500) errors.contact = 'Keep the contact under 500 characters.';
  const hoursText = text(raw.expectedResponseHours);
  const hours = Number(hoursText);
  if (!/^\d+$/.test(hoursText) || hours < 1 || hours > MAX_RESPONSE_HOURS)
    errors.expectedResponseHours = `Give the expected response time in whole hours, from 1 to ${MAX_RESPONSE_HOURS}.`;
  const list = Array.isArray(raw.packageContents) ? raw.packageContents : [raw.packageContents];
  const parts = [...new Set(list.map(text).filter(Boolean))];
  if (parts.some((p) => !isPackagePart(p))) errors.packageContents = 'One of the package parts is not known.';
  else if (parts.length === 0) errors.packageContents = 'Choose at least one thing the package holds.';
  const description = text(raw.description);
  if (description.length > 2000) errors.description = 'Keep the description under 2,000 characters.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      kind: kind as RouteKind,
      category,
      districtId,
      contact,
      expectedResponseHours: hours,
      packageContents: parts as PackagePart[],
      description,
    },
  };
}
