import { schema, termProblems, type TermInput } from '@counterpoint/db';
import { z } from 'zod';

/** The lexicon editor's form: shapes checked here, meaning checked by the core's `validateTerm`. */

export type TermField =
  | 'phrase'
  | 'matchMode'
  | 'weight'
  | 'category'
  | 'language'
  | 'suppressNear'
  | 'requireAny'
  | 'window'
  | 'rationale'
  | 'reviewOn'
  | 'status'
  | 'note'
  | 'form';

export type TermValues = Record<Exclude<TermField, 'form'>, string> & { termKey: string };

const list = (s: string): string[] =>
  s
    .split(/[;,\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');

const termSchema = z.object({
  termKey: z.string().trim().max(64).optional().default(''),
  phrase: z
    .string()
    .trim()
    .min(1, 'Enter the word, phrase or pattern.')
    .max(200, 'Keep it under 200 characters.'),
  matchMode: z.enum(schema.MATCH_MODES, { message: 'Choose a match mode.' }),
  weight: z.coerce
    .number({ message: 'Enter a number such as 0.6.' })
    .gt(0, 'The weight must be greater than 0.')
    .lte(1, 'The weight must be at most 1.'),
  category: z
    .string()
    .trim()
    .min(1, 'Choose or type a category.')
    .max(60)
    .regex(/^[a-z0-9_]+$/, 'Use lower-case letters, digits and underscores, e.g. extreme_right.'),
  language: z.string().trim().max(10).optional().default('en'),
  suppressNear: z.string().max(1000).optional().default(''),
  requireAny: z.string().max(1000).optional().default(''),
  window: z.coerce
    .number({ message: 'Enter a whole number of words.' })
    .int('Enter a whole number of words.')
    .min(0, 'The window cannot be negative.')
    .max(50, 'Keep the window to 50 words or fewer.'),
  rationale: z.string().trim().max(2000, 'Keep the rationale under 2,000 characters.').optional().default(''),
  reviewOn: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Enter a date like 2027-03-31.')
    .optional()
    .default(''),
  status: z.enum(schema.TERM_STATUSES, { message: 'Choose a status.' }),
  note: z.string().trim().max(500, 'Keep the note under 500 characters.').optional().default(''),
});

export const EMPTY_TERM: TermValues = {
  termKey: '',
  phrase: '',
  matchMode: 'phrase',
  weight: '0.5',
  category: '',
  language: 'en',
  suppressNear: '',
  requireAny: '',
  window: '8',
  rationale: '',
  reviewOn: '',
  status: 'active',
  note: '',
};

export function valuesOf(form: FormData): TermValues {
  const out = { ...EMPTY_TERM };
  for (const k of Object.keys(out) as (keyof TermValues)[]) {
    const v = form.get(k);
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export type ParsedTerm =
  | { ok: true; input: TermInput; termKey: string; note: string; ownerId: string | null }
  | { ok: false; errors: Partial<Record<TermField, string>> };

/** Validate the editor's fields; errors are keyed by field so the page can show them beside each. */
export function parseTermForm(values: TermValues, ownerId: string | null): ParsedTerm {
  const parsed = termSchema.safeParse(values);
  if (!parsed.success) {
    const fe = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
    const errors: Partial<Record<TermField, string>> = {};
    for (const [k, v] of Object.entries(fe)) if (v?.[0]) errors[k as TermField] = v[0];
    return { ok: false, errors };
  }
  const d = parsed.data;
  const input: TermInput = {
    ...(d.termKey ? { termKey: d.termKey } : {}),
    phrase: d.phrase,
    matchMode: d.matchMode,
    weight: d.weight,
    category: d.category,
    language: d.language || 'en',
    suppressNear: list(d.suppressNear),
    requireAny: list(d.requireAny),
    window: d.window,
    ownerId,
    rationale: d.rationale,
    reviewOn: d.reviewOn || null,
    status: d.status,
  };
  const problems = termProblems(input);
  if (Object.keys(problems).length > 0) {
    const errors: Partial<Record<TermField, string>> = {};
    for (const [k, v] of Object.entries(problems)) errors[(k === 'termKey' ? 'form' : k) as TermField] = v;
    return { ok: false, errors };
  }
  return { ok: true, input, termKey: d.termKey, note: d.note, ownerId };
}
