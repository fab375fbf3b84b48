import type { AuditFilter } from '@counterpoint/db';
import { z } from 'zod';

/**
 * The audit viewer's filter, read from the address bar so a filtered view can be bookmarked, shared
 * and exported as it stands. Dates are whole days in UTC; "to" includes its day.
 */
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-29.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'That date does not exist.');

const text = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`);

const schema = z.object({
  actor: text(200),
  entityType: text(60).regex(/^[a-z_]*$/, 'Entity types are lower-case words with underscores.'),
  entityId: text(120),
  action: text(120).regex(/^[a-z_.]*$/, 'Actions are lower-case words joined by dots.'),
  from: day.or(z.literal('')),
  to: day.or(z.literal('')),
  before: z
    .string()
    .regex(/^\d{0,15}$/, 'Not a page marker.')
    .transform((s) => (s === '' ? undefined : Number(s))),
});

export type FilterValues = Record<'actor' | 'entityType' | 'entityId' | 'action' | 'from' | 'to', string>;

export interface ParsedAuditFilter {
  values: FilterValues;
  filter: AuditFilter;
  beforeSeq: number | undefined;
  errors: Partial<Record<keyof FilterValues | 'before', string>>;
}

export function readAuditFilter(params: URLSearchParams): ParsedAuditFilter {
  const raw = Object.fromEntries(
    (['actor', 'entityType', 'entityId', 'action', 'from', 'to', 'before'] as const).map((k) => [
      k,
      params.get(k) ?? '',
    ]),
  ) as Record<keyof FilterValues | 'before', string>;
  const values: FilterValues = {
    actor: raw.actor,
    entityType: raw.entityType,
    entityId: raw.entityId,
    action: raw.action,
    from: raw.from,
    to: raw.to,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fe = z.flattenError(parsed.error).fieldErrors;
    const errors = Object.fromEntries(
      Object.entries(fe).map(([k, v]) => [k, (v as string[] | undefined)?.[0] ?? 'Not valid.']),
    );
    // A bad filter shows no rows rather than all of them, so a typo cannot look like "nothing".
    return { values, filter: {}, beforeSeq: undefined, errors };
  }
  const p = parsed.data;
  const from = p.from ? new Date(`${p.from}T00:00:00Z`) : undefined;
  const to = p.to ? new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000) : undefined;
  const errors: ParsedAuditFilter['errors'] = {};
  if (from && to && from >= to) errors.to = 'The end date is before the start date.';
  return {
    values,
    filter: {
      actor: p.actor || undefined,
      entityType: p.entityType || undefined,
      entityId: p.entityId || undefined,
      action: p.action || undefined,
      from,
      to,
    },
    beforeSeq: p.before,
    errors,
  };
}

/** The filter as query parameters (empty ones left out), for links and the export. */
export function filterQuery(values: FilterValues, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
