import { can, SPACE_KIND_CODES, SPACE_RATING_CODES, SPACE_STATUS_CODES } from '@counterpoint/core';
import { listDistricts, listSpaces, type SpaceListFilter } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

const pick = <T extends string>(list: readonly T[], v: string | null): T | null =>
  v && (list as readonly string[]).includes(v) ? (v as T) : null;

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const districts = (await listDistricts(db))
    .filter((d) => d.tier === 'district')
    .map((d) => ({ id: d.id, name: d.name }));
  const districtParam = url.searchParams.get('district') ?? '';
  const district =
    districtParam === 'county' || districts.some((d) => d.id === districtParam) ? districtParam : '';
  const statusParam = url.searchParams.get('status');
  const filter: SpaceListFilter = {
    kind: pick(SPACE_KIND_CODES, url.searchParams.get('kind')),
    rating: pick(SPACE_RATING_CODES, url.searchParams.get('rating')),
    status: statusParam === 'all' ? 'all' : pick(SPACE_STATUS_CODES, statusParam),
    district: district || null,
  };
  const spaces = await listSpaces(db, filter);
  return {
    title: 'Spaces register',
    spaces,
    districts,
    filter: {
      kind: filter.kind ?? '',
      rating: filter.rating ?? '',
      status: filter.status ?? '',
      district,
    },
    kinds: SPACE_KIND_CODES,
    ratings: SPACE_RATING_CODES,
    statuses: SPACE_STATUS_CODES,
    canEdit: can(locals.user!.role, 'spaces:edit'),
  };
};
