import { isDomainError } from '@counterpoint/core';
import { listDistricts, listUsers, type Db, type NewSource, type Source } from '@counterpoint/db';
import { z } from 'zod';

/** Kinds a person can add here; the demo feed comes with the demo data only. */
export const FORM_KINDS = ['rss', 'mastodon', 'bluesky', 'push', 'import'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export type SourceField = 'kind' | 'name' | 'url' | 'query' | 'intervalMinutes' | 'ownerId' | 'districts';

export interface SourceFormValues {
  kind: string;
  name: string;
  url: string;
  query: string;
  timeline: 'hashtag' | 'account';
  intervalMinutes: string;
  enabled: boolean;
  ownerId: string;
  districts: string[];
}

export interface SourceFormState {
  values: SourceFormValues;
  errors: Partial<Record<SourceField, string>>;
  message: string;
}

export function valuesOf(s: Source): SourceFormValues {
  const timeline = s.config.timeline === 'account' || (s.query ?? '').includes('@') ? 'account' : 'hashtag';
  return {
    kind: s.kind,
    name: s.name,
    url: s.url ?? '',
    query: s.query ?? '',
    timeline,
    intervalMinutes: String(s.intervalMinutes),
    enabled: s.enabled,
    ownerId: s.ownerId ?? '',
    districts: s.districts.map((d) => d.id),
  };
}

export const EMPTY_VALUES: SourceFormValues = {
  kind: 'rss',
  name: '',
  url: '',
  query: '',
  timeline: 'hashtag',
  intervalMinutes: '15',
  enabled: true,
  ownerId: '',
  districts: [],
};

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

export function readValues(form: FormData, fixedKind?: string): SourceFormValues {
  return {
    kind: fixedKind ?? text(form, 'kind'),
    name: text(form, 'name'),
    url: text(form, 'url'),
    query: text(form, 'query'),
    timeline: text(form, 'timeline') === 'account' ? 'account' : 'hashtag',
    intervalMinutes: text(form, 'intervalMinutes'),
    enabled: form.get('enabled') === 'on',
    ownerId: text(form, 'ownerId'),
    districts: form.getAll('districts').filter((d): d is string => typeof d === 'string' && d !== ''),
  };
}

const webAddress = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(4096, 'That address is too long.')
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, `Enter the ${what} as a full address starting with https:// (or http://).`);

const formSchema = z
  .object({
    kind: z.enum(FORM_KINDS, { message: 'Choose what kind of source this is.' }),
    name: z
      .string()
      .trim()
      .min(1, 'Give the source a name people will recognise.')
      .max(200, 'Keep the name under 200 characters.'),
    url: z.string(),
    query: z.string().trim().max(1000, 'Keep this under 1,000 characters.'),
    timeline: z.enum(['hashtag', 'account']),
    intervalMinutes: z.coerce
      .number({ message: 'Enter the number of minutes between collections.' })
      .int('Use whole minutes.')
      .min(5, 'Check sources at most every 5 minutes: more often is unkind to the publisher.')
      .max(7 * 24 * 60, 'Check sources at least once a week.'),
    enabled: z.boolean(),
    ownerId: z.string(),
    districts: z.array(z.string()).max(500),
  })
  .superRefine((v, ctx) => {
    const check = (field: 'url', what: string, value: string) => {
      const r = webAddress(what).safeParse(value);
      if (!r.success) ctx.addIssue({ code: 'custom', path: [field], message: r.error.issues[0]!.message });
    };
    if (v.kind === 'rss') check('url', 'feed address', v.url);
    if (v.kind === 'mastodon') {
      check(
        'url',
        'Mastodon instance address',
        v.url.trim() && !/^https?:\/\//i.test(v.url.trim()) ? `https://${v.url.trim()}` : v.url,
      );
      const q = v.query.replace(/^#/, '');
      if (!q)
        ctx.addIssue({
          code: 'custom',
          path: ['query'],
          message:
            v.timeline === 'account'
              ? 'Enter the account, like @name@instance.social.'
              : 'Enter the hashtag to follow.',
        });
      else if (v.timeline === 'hashtag' && !/^[\p{L}\p{N}_]+$/u.test(q))
        ctx.addIssue({
          code: 'custom',
          path: ['query'],
          message: 'A hashtag is letters, digits and underscores only.',
        });
      else if (v.timeline === 'account' && !/^@?[\w.-]+(@[\w.-]+\.[a-z]{2,})?$/i.test(q))
        ctx.addIssue({
          code: 'custom',
          path: ['query'],
          message: 'Enter the account like @name or @name@instance.social.',
        });
    }
  });

/** The fields a source of this kind keeps; other fields on the form are ignored. */
export function parseSourceForm(
  values: SourceFormValues,
):
  | { ok: true; source: Omit<NewSource, 'kind'> & { kind: FormKind } }
  | { ok: false; errors: SourceSubmitErrors } {
  const parsed = formSchema.safeParse(values);
  if (!parsed.success) {
    const errors: SourceSubmitErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as SourceField | undefined;
      if (field && !errors[field]) errors[field] = issue.message;
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  const instance =
    v.url.trim() && !/^https?:\/\//i.test(v.url.trim()) ? `https://${v.url.trim()}` : v.url.trim();
  const query =
    v.kind === 'mastodon'
      ? v.timeline === 'account'
        ? `@${v.query.replace(/^@/, '')}`
        : v.query.replace(/^#/, '')
      : v.kind === 'bluesky'
        ? v.query || null
        : null;
  return {
    ok: true,
    source: {
      kind: v.kind,
      name: v.name,
      url: v.kind === 'rss' ? v.url.trim() : v.kind === 'mastodon' ? instance : null,
      query,
      config: v.kind === 'mastodon' ? { timeline: v.timeline } : {},
      intervalMinutes: v.intervalMinutes,
      enabled: v.enabled,
      ownerId: v.ownerId || null,
      districts: v.districts,
    },
  };
}

export type SourceSubmitErrors = Partial<Record<SourceField, string>>;

/** A domain error from the db functions, as a message on the field it names. */
export function domainErrors(e: unknown): SourceSubmitErrors | null {
  if (!isDomainError(e) || e.code !== 'invalid_input') return null;
  const field = (e.details?.field as SourceField | undefined) ?? 'name';
  return { [field]: e.message };
}

/** What the form offers: districts and the people who can own a source. */
export async function formOptions(db: Db) {
  const [districts, users] = await Promise.all([listDistricts(db), listUsers(db)]);
  return {
    districts: districts.map((d) => ({ id: d.id, name: d.name })),
    owners: users.filter((u) => !u.disabled).map((u) => ({ id: u.id, name: u.name })),
  };
}
