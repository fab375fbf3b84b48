import type { SpaceInput } from '@counterpoint/core';

/** The space form's values as typed, kept on a refused submit so nothing is lost. */
export interface SpaceFormValues {
  kind: string;
  name: string;
  platform: string;
  url: string;
  address: string;
  districtId: string;
  riskRating: string;
  status: string;
  sourceId: string;
  notes: string;
}

export const SPACE_FIELDS = [
  'kind',
  'name',
  'platform',
  'url',
  'address',
  'districtId',
  'riskRating',
  'status',
  'sourceId',
  'notes',
] as const satisfies ReadonlyArray<keyof SpaceFormValues>;

export function readSpaceForm(form: FormData): SpaceFormValues {
  const out = {} as SpaceFormValues;
  for (const f of SPACE_FIELDS) {
    const v = form.get(f);
    out[f] = typeof v === 'string' ? v : '';
  }
  return out;
}

export function spaceFormValues(s: SpaceInput): SpaceFormValues {
  return {
    kind: s.kind,
    name: s.name,
    platform: s.platform ?? '',
    url: s.url ?? '',
    address: s.address ?? '',
    districtId: s.districtId ?? '',
    riskRating: s.riskRating,
    status: s.status,
    sourceId: s.sourceId ?? '',
    notes: s.notes,
  };
}
