import {
  isDomainError,
  PACKAGE_PART_LABELS,
  PACKAGE_PARTS,
  ROUTE_KIND_LABELS,
  ROUTE_KIND_ORDER,
} from '@counterpoint/core';
import { listDistricts, schema, type Db, type RouteRow } from '@counterpoint/db';

/** What the route form shows and sends back: strings as typed, so a refused form keeps them. */
export interface RouteFormValues {
  name: string;
  kind: string;
  category: string;
  districtId: string;
  contact: string;
  expectedResponseHours: string;
  packageContents: string[];
  description: string;
}

export type RouteFormErrors = Partial<Record<keyof RouteFormValues, string>>;

export const EMPTY_ROUTE: RouteFormValues = {
  name: '',
  kind: 'platform_report',
  category: '',
  districtId: '',
  contact: '',
  expectedResponseHours: '72',
  packageContents: ['excerpt', 'link', 'reason', 'decided_by'],
  description: '',
};

const str = (data: FormData, k: string) => {
  const v = data.get(k);
  return typeof v === 'string' ? v : '';
};

export function readRouteForm(data: FormData): RouteFormValues {
  return {
    name: str(data, 'name'),
    kind: str(data, 'kind'),
    category: str(data, 'category'),
    districtId: str(data, 'districtId'),
    contact: str(data, 'contact'),
    expectedResponseHours: str(data, 'expectedResponseHours'),
    packageContents: data.getAll('packageContents').filter((v): v is string => typeof v === 'string'),
    description: str(data, 'description'),
  };
}

export function valuesOfRoute(r: RouteRow): RouteFormValues {
  return {
    name: r.name,
    kind: r.kind,
    category: r.category ?? '',
    districtId: r.districtId ?? '',
    contact: r.contact,
    expectedResponseHours: String(r.expectedResponseHours),
    packageContents: r.packageContents,
    description: r.description,
  };
}

/** Field errors from the route's validation, or null when the error is something else. */
export function routeFieldErrors(e: unknown): RouteFormErrors | null {
  if (!isDomainError(e) || e.code !== 'invalid_input') return null;
  const fields = (e.details?.fields ?? {}) as RouteFormErrors;
  return Object.keys(fields).length > 0 ? fields : { name: e.message };
}

export async function routeFormOptions(db: Db) {
  const districts = await listDistricts(db);
  return {
    kinds: ROUTE_KIND_ORDER.map((k) => ({ value: k, label: ROUTE_KIND_LABELS[k] })),
    categories: [...schema.CATEGORIES],
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    parts: PACKAGE_PARTS.map((p) => ({ value: p, label: PACKAGE_PART_LABELS[p] })),
  };
}
