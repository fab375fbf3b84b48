import {
  DomainError,
  joinList,
  newId,
  notFound,
  parseLexiconCsv,
  serialiseLexiconCsv,
  splitList,
  validateTerm,
  type ContextRule,
  type LexiconCsvRecord,
  type LexiconTerm,
} from '@counterpoint/core';
import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { lexicons, lexiconTerms, lexiconVersions, MATCH_MODES, TERM_STATUSES } from '../schema/scoring.js';
import { users } from '../schema/users.js';

/**
 * Lexicon governance. Terms are never edited in place: every change copies the latest version's
 * terms into a NEW draft version with the change applied (copy-on-write), so a score keeps pointing
 * at exactly the terms that produced it. Publishing a version makes the scorer use it (the worker
 * recompiles on the next batch) and supersedes the previously active one and any older drafts.
 */

export type TermRow = typeof lexiconTerms.$inferSelect;
export type TermStatusValue = (typeof TERM_STATUSES)[number];
export type MatchModeValue = (typeof MATCH_MODES)[number];

/** What an editor supplies for a term. `termKey` is chosen from the phrase when absent. */
export interface TermInput {
  termKey?: string;
  phrase: string;
  matchMode: MatchModeValue;
  weight: number;
  category: string;
  language?: string;
  suppressNear?: string[];
  requireAny?: string[];
  window?: number;
  ownerId?: string | null;
  rationale?: string;
  reviewOn?: string | null;
  status?: TermStatusValue;
}

type TermFields = Omit<TermRow, 'id' | 'versionId' | 'createdAt'>;

export interface LexiconSummary {
  id: string;
  slug: string;
  name: string;
  activeVersionId: string | null;
}

/** A stored term in the matcher's shape. Terms under review still match: review is about wording. */
export function termRowToLexiconTerm(row: Pick<TermRow, keyof TermFields>): LexiconTerm {
  const context: ContextRule[] = [];
  if (row.suppressNear.length > 0)
    context.push({ kind: 'suppress-near', words: row.suppressNear, window: row.window });
  if (row.requireAny.length > 0)
    context.push({ kind: 'require-near', words: row.requireAny, window: row.window });
  return {
    id: row.termKey,
    phrase: row.phrase,
    mode: row.matchMode,
    weight: row.weight,
    category: row.category,
    language: row.language,
    context,
    status: row.status === 'retired' ? 'retired' : 'active',
    rationale: row.rationale,
  };
}

/** Field problems of a term, keyed by the form field they belong to (core's messages, UK English). */
export function termProblems(input: TermInput): Partial<Record<keyof TermInput | 'form', string>> {
  const out: Partial<Record<keyof TermInput | 'form', string>> = {};
  if (!input.phrase.trim()) out.phrase = 'Enter the word, phrase or pattern.';
  if (!(MATCH_MODES as readonly string[]).includes(input.matchMode)) out.matchMode = 'Choose a match mode.';
  if (!(TERM_STATUSES as readonly string[]).includes(input.status ?? 'active'))
    out.status = 'Choose a status.';
  if (
    input.window !== undefined &&
    !(Number.isInteger(input.window) && input.window >= 0 && input.window <= 50)
  )
    out.window = 'The window is a whole number of words from 0 to 50.';
  if (input.reviewOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.reviewOn))
    out.reviewOn = 'Enter a date like 2027-03-31.';
  if (Object.keys(out).length > 0) return out;
  for (const problem of validateTerm(termRowToLexiconTerm(toFields(input, input.termKey ?? 'new')))) {
    const field: keyof TermInput | 'form' = /weight/.test(problem)
      ? 'weight'
      : /category/.test(problem)
        ? 'category'
        : /context|window/.test(problem)
          ? 'suppressNear'
          : /mode|pattern|phrase|'\*'/.test(problem)
            ? 'phrase'
            : 'form';
    out[field] ??= problem.charAt(0).toUpperCase() + problem.slice(1) + '.';
  }
  return out;
}

function toFields(input: TermInput, termKey: string): TermFields {
  return {
    termKey,
    phrase: input.phrase.trim(),
    matchMode: input.matchMode,
    weight: input.weight,
    category: input.category.trim(),
    language: input.language?.trim() || 'en',
    suppressNear: input.suppressNear ?? [],
    requireAny: input.requireAny ?? [],
    window: input.window ?? 8,
    ownerId: input.ownerId ?? null,
    rationale: input.rationale ?? '',
    reviewOn: input.reviewOn || null,
    status: input.status ?? 'active',
  };
}

function invalid(input: TermInput): never {
  const problems = termProblems(input);
  throw new DomainError('invalid_input', Object.values(problems).join(' '), { problems });
}

export function slugifyPhrase(phrase: string): string {
  const s = phrase
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\*/g, ' star ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return s || 'term';
}

/** The lexicon (the first one: a partnership keeps one lexicon; the schema allows more later). */
export async function currentLexiconSummary(db: Db): Promise<LexiconSummary | null> {
  const [row] = await db
    .select({
      id: lexicons.id,
      slug: lexicons.slug,
      name: lexicons.name,
      activeVersionId: lexicons.activeVersionId,
    })
    .from(lexicons)
    .orderBy(asc(lexicons.createdAt))
    .limit(1);
  return row ?? null;
}

/** The newest version (the one edits build on), active or draft. */
export async function latestVersion(
  db: Db,
  lexiconId: string,
): Promise<typeof lexiconVersions.$inferSelect | null> {
  const [row] = await db
    .select()
    .from(lexiconVersions)
    .where(eq(lexiconVersions.lexiconId, lexiconId))
    .orderBy(desc(lexiconVersions.number))
    .limit(1);
  return row ?? null;
}

export async function listTerms(db: Db, versionId: string): Promise<TermRow[]> {
  return db
    .select()
    .from(lexiconTerms)
    .where(eq(lexiconTerms.versionId, versionId))
    .orderBy(asc(lexiconTerms.termKey));
}

/** A version's terms in the matcher's shape (for a dry run of a draft). */
export async function versionTerms(db: Db, versionId: string): Promise<LexiconTerm[]> {
  return (await listTerms(db, versionId)).map(termRowToLexiconTerm);
}

async function ensureLexicon(tx: Db): Promise<LexiconSummary> {
  const existing = await currentLexiconSummary(tx);
  if (existing) return existing;
  const id = newId('lexicon');
  await tx.insert(lexicons).values({ id, slug: 'main', name: 'Lexicon' });
  return { id, slug: 'main', name: 'Lexicon', activeVersionId: null };
}

export interface NewVersionResult {
  versionId: string;
  number: number;
  termCount: number;
}

/**
 * The copy-on-write step every change goes through: read the latest version's terms, apply
 * `change`, store them as a new draft version. Serialised per lexicon by a row lock so two editors
 * cannot both make "version 8".
 */
async function writeNewVersion(
  tx: Db,
  actor: Actor,
  note: string,
  change: (terms: Map<string, TermFields>) => void,
): Promise<NewVersionResult & { lexiconId: string; previousId: string | null }> {
  const lexicon = await ensureLexicon(tx);
  await tx.execute(sql`select 1 from lexicons where id = ${lexicon.id} for update`);
  const previous = await latestVersion(tx, lexicon.id);
  const terms = new Map<string, TermFields>();
  if (previous) {
    for (const { id: _id, versionId: _v, createdAt: _c, ...t } of await listTerms(tx, previous.id))
      terms.set(t.termKey, t);
  }
  change(terms);
  const versionId = newId('lexiconVersion');
  const number = (previous?.number ?? 0) + 1;
  await tx.insert(lexiconVersions).values({
    id: versionId,
    lexiconId: lexicon.id,
    number,
    status: 'draft',
    createdBy: actor.id,
    note: note.trim(),
    termCount: terms.size,
  });
  const rows = [...terms.values()].map((t) => ({ ...t, id: newId('term'), versionId }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(lexiconTerms).values(rows.slice(i, i + 500));
  return {
    versionId,
    number,
    termCount: terms.size,
    lexiconId: lexicon.id,
    previousId: previous?.id ?? null,
  };
}

function uniqueKey(terms: Map<string, TermFields>, phrase: string, wanted?: string): string {
  if (wanted) return wanted;
  const base = slugifyPhrase(phrase);
  let key = base;
  for (let n = 2; terms.has(key); n++) key = `${base}-${n}`;
  return key;
}

export interface ChangeOptions {
  note?: string;
}

/** Add a term: a new draft version with it. */
export async function addTerm(
  db: Db,
  actor: Actor,
  input: TermInput,
  options: ChangeOptions = {},
): Promise<NewVersionResult & { termKey: string }> {
  if (Object.keys(termProblems(input)).length > 0) invalid(input);
  return mutate(db, actor, async (tx) => {
    let termKey = '';
    const v = await writeNewVersion(tx, actor, options.note ?? `Added “${input.phrase.trim()}”`, (terms) => {
      if (input.termKey && terms.has(input.termKey))
        throw new DomainError('conflict', `A term with the key ${input.termKey} already exists.`, {
          field: 'termKey',
        });
      termKey = uniqueKey(terms, input.phrase, input.termKey);
      terms.set(termKey, toFields(input, termKey));
    });
    return {
      result: { versionId: v.versionId, number: v.number, termCount: v.termCount, termKey },
      audit: {
        action: 'lexicon.term_added',
        entityType: 'lexicon_version',
        entityId: v.versionId,
        change: { number: v.number, basedOn: v.previousId, termKey, term: toFields(input, termKey) },
      },
    };
  });
}

/** Change a term (same key): a new draft version with the new wording. */
export async function updateTerm(
  db: Db,
  actor: Actor,
  termKey: string,
  input: TermInput,
  options: ChangeOptions = {},
): Promise<NewVersionResult> {
  if (Object.keys(termProblems({ ...input, termKey })).length > 0) invalid({ ...input, termKey });
  return mutate(db, actor, async (tx) => {
    let before: TermFields | undefined;
    const after = toFields(input, termKey);
    const v = await writeNewVersion(
      tx,
      actor,
      options.note ?? `Changed “${input.phrase.trim()}”`,
      (terms) => {
        before = terms.get(termKey);
        if (!before) throw notFound('Lexicon term', termKey);
        terms.set(termKey, after);
      },
    );
    return {
      result: { versionId: v.versionId, number: v.number, termCount: v.termCount },
      audit: {
        action: 'lexicon.term_changed',
        entityType: 'lexicon_version',
        entityId: v.versionId,
        change: { number: v.number, basedOn: v.previousId, termKey, before, after },
      },
    };
  });
}

/** Retire a term: kept in the version for the record, no longer matched. */
export async function retireTerm(
  db: Db,
  actor: Actor,
  termKey: string,
  options: ChangeOptions = {},
): Promise<NewVersionResult> {
  return mutate(db, actor, async (tx) => {
    let phrase = '';
    const v = await writeNewVersion(tx, actor, options.note ?? '', (terms) => {
      const t = terms.get(termKey);
      if (!t) throw notFound('Lexicon term', termKey);
      if (t.status === 'retired') throw new DomainError('conflict', 'That term is already retired.');
      phrase = t.phrase;
      terms.set(termKey, { ...t, status: 'retired' });
    });
    if (!options.note)
      await tx
        .update(lexiconVersions)
        .set({ note: `Retired “${phrase}”` })
        .where(eq(lexiconVersions.id, v.versionId));
    return {
      result: { versionId: v.versionId, number: v.number, termCount: v.termCount },
      audit: {
        action: 'lexicon.term_retired',
        entityType: 'lexicon_version',
        entityId: v.versionId,
        change: { number: v.number, basedOn: v.previousId, termKey },
      },
    };
  });
}

/** Make a version the one the scorer uses. The previously active one and older drafts become superseded. */
export async function publishVersion(db: Db, actor: Actor, versionId: string): Promise<{ number: number }> {
  return mutate(db, actor, async (tx) => {
    const [v] = await tx.select().from(lexiconVersions).where(eq(lexiconVersions.id, versionId)).limit(1);
    if (!v) throw notFound('Lexicon version', versionId);
    if (v.status !== 'draft')
      throw new DomainError('conflict', `Version ${v.number} is ${v.status}, not a draft.`);
    await tx.execute(sql`select 1 from lexicons where id = ${v.lexiconId} for update`);
    const [lex] = await tx.select().from(lexicons).where(eq(lexicons.id, v.lexiconId));
    const previous = lex?.activeVersionId ?? null;
    await tx
      .update(lexiconVersions)
      .set({ status: 'superseded' })
      .where(
        and(
          eq(lexiconVersions.lexiconId, v.lexiconId),
          ne(lexiconVersions.id, v.id),
          sql`(${lexiconVersions.status} = 'published' or (${lexiconVersions.status} = 'draft' and ${lexiconVersions.number} < ${v.number}))`,
        ),
      );
    await tx
      .update(lexiconVersions)
      .set({ status: 'published', publishedAt: new Date(), publishedBy: actor.id })
      .where(eq(lexiconVersions.id, v.id));
    await tx
      .update(lexicons)
      .set({ activeVersionId: v.id, updatedAt: new Date() })
      .where(eq(lexicons.id, v.lexiconId));
    return {
      result: { number: v.number },
      audit: {
        action: 'lexicon.version_published',
        entityType: 'lexicon_version',
        entityId: v.id,
        change: { number: v.number, previous },
      },
    };
  });
}

export interface VersionListing {
  id: string;
  number: number;
  status: 'draft' | 'published' | 'superseded';
  note: string;
  termCount: number;
  createdAt: Date;
  createdBy: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  active: boolean;
}

/** Every version, newest first, with who made and who published it. */
export async function listVersions(db: Db, limit = 100): Promise<VersionListing[]> {
  const lexicon = await currentLexiconSummary(db);
  if (!lexicon) return [];
  const creator = alias(users, 'creator');
  const publisher = alias(users, 'publisher');
  const rows = await db
    .select({
      id: lexiconVersions.id,
      number: lexiconVersions.number,
      status: lexiconVersions.status,
      note: lexiconVersions.note,
      termCount: lexiconVersions.termCount,
      createdAt: lexiconVersions.createdAt,
      createdBy: creator.name,
      publishedAt: lexiconVersions.publishedAt,
      publishedBy: publisher.name,
    })
    .from(lexiconVersions)
    .leftJoin(creator, eq(creator.id, lexiconVersions.createdBy))
    .leftJoin(publisher, eq(publisher.id, lexiconVersions.publishedBy))
    .where(eq(lexiconVersions.lexiconId, lexicon.id))
    .orderBy(desc(lexiconVersions.number))
    .limit(limit);
  return rows.map((r) => ({ ...r, active: r.id === lexicon.activeVersionId }));
}

const COMPARED: readonly (keyof TermFields)[] = [
  'phrase',
  'matchMode',
  'weight',
  'category',
  'language',
  'suppressNear',
  'requireAny',
  'window',
  'ownerId',
  'rationale',
  'reviewOn',
  'status',
];

export interface VersionDiff {
  from: { id: string; number: number };
  to: { id: string; number: number };
  added: TermRow[];
  removed: TermRow[];
  changed: { termKey: string; before: TermRow; after: TermRow; fields: string[] }[];
}

/** What changed from version `a` to version `b`, by term key. */
export async function versionDiff(db: Db, a: string, b: string): Promise<VersionDiff> {
  const versions = await db
    .select({ id: lexiconVersions.id, number: lexiconVersions.number })
    .from(lexiconVersions)
    .where(inArray(lexiconVersions.id, [a, b]));
  const va = versions.find((v) => v.id === a);
  const vb = versions.find((v) => v.id === b);
  if (!va) throw notFound('Lexicon version', a);
  if (!vb) throw notFound('Lexicon version', b);
  const [ta, tb] = await Promise.all([listTerms(db, a), listTerms(db, b)]);
  const before = new Map(ta.map((t) => [t.termKey, t]));
  const after = new Map(tb.map((t) => [t.termKey, t]));
  const diff: VersionDiff = { from: va, to: vb, added: [], removed: [], changed: [] };
  for (const t of tb) {
    const old = before.get(t.termKey);
    if (!old) {
      diff.added.push(t);
      continue;
    }
    const fields = COMPARED.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(t[f]));
    if (fields.length > 0) diff.changed.push({ termKey: t.termKey, before: old, after: t, fields });
  }
  for (const t of ta) if (!after.has(t.termKey)) diff.removed.push(t);
  return diff;
}

/** The previous version's id (for "diff against the one before"). */
export async function previousVersionId(db: Db, versionId: string): Promise<string | null> {
  const [v] = await db.select().from(lexiconVersions).where(eq(lexiconVersions.id, versionId)).limit(1);
  if (!v) return null;
  const [prev] = await db
    .select({ id: lexiconVersions.id })
    .from(lexiconVersions)
    .where(and(eq(lexiconVersions.lexiconId, v.lexiconId), lt(lexiconVersions.number, v.number)))
    .orderBy(desc(lexiconVersions.number))
    .limit(1);
  return prev?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// CSV import and export

/** Export a version's terms (default: the active one) as CSV. Owners are named by e-mail. */
export async function exportTermsCsv(db: Db, versionId?: string): Promise<string> {
  const id = versionId ?? (await currentLexiconSummary(db))?.activeVersionId;
  if (!id) return serialiseLexiconCsv([]);
  const rows = await db
    .select({ term: lexiconTerms, ownerEmail: users.email })
    .from(lexiconTerms)
    .leftJoin(users, eq(users.id, lexiconTerms.ownerId))
    .where(eq(lexiconTerms.versionId, id))
    .orderBy(asc(lexiconTerms.termKey));
  return serialiseLexiconCsv(
    rows.map(({ term: t, ownerEmail }) => ({
      term_key: t.termKey,
      phrase: t.phrase,
      match_mode: t.matchMode,
      weight: String(t.weight),
      category: t.category,
      language: t.language,
      suppress_near: joinList(t.suppressNear),
      require_any: joinList(t.requireAny),
      window: String(t.window),
      owner_email: ownerEmail ?? '',
      rationale: t.rationale,
      review_on: t.reviewOn ?? '',
      status: t.status,
    })),
  );
}

export interface CsvRowPreview {
  line: number;
  termKey: string;
  phrase: string;
  category: string;
  action: 'add' | 'update' | 'unchanged' | 'error';
  errors: string[];
}

export interface CsvPreview {
  ok: boolean;
  /** Problems with the whole file (header, quoting). */
  fileErrors: string[];
  rows: CsvRowPreview[];
  counts: { add: number; update: number; unchanged: number; error: number };
}

function rowToInput(
  values: LexiconCsvRecord,
  owners: Map<string, string>,
): { input: TermInput; errors: string[] } {
  const errors: string[] = [];
  const weight = Number(values.weight);
  if (values.weight === '' || !Number.isFinite(weight))
    errors.push('weight must be a number greater than 0 and at most 1');
  const window = values.window === '' ? undefined : Number(values.window);
  const owner = values.owner_email.trim().toLowerCase();
  if (owner && !owners.has(owner)) errors.push(`no user has the e-mail address ${owner}`);
  const input: TermInput = {
    ...(values.term_key ? { termKey: values.term_key } : {}),
    phrase: values.phrase,
    matchMode: values.match_mode as MatchModeValue,
    weight,
    category: values.category,
    language: values.language || 'en',
    suppressNear: splitList(values.suppress_near),
    requireAny: splitList(values.require_any),
    ...(window === undefined ? {} : { window }),
    ownerId: owner ? (owners.get(owner) ?? null) : null,
    rationale: values.rationale,
    reviewOn: values.review_on || null,
    status: (values.status || 'active') as TermStatusValue,
  };
  if (values.term_key && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.term_key))
    errors.push('term_key is lower-case letters, digits and hyphens');
  if (errors.length === 0)
    for (const p of Object.values(termProblems(input))) errors.push(p.replace(/\.$/, ''));
  return { input, errors };
}

async function planImport(db: Db, csv: string): Promise<{ preview: CsvPreview; inputs: TermInput[] }> {
  const parsed = parseLexiconCsv(csv);
  const empty = { add: 0, update: 0, unchanged: 0, error: 0 };
  if (parsed.errors.length > 0)
    return { preview: { ok: false, fileErrors: parsed.errors, rows: [], counts: empty }, inputs: [] };
  if (parsed.records.length === 0)
    return {
      preview: { ok: false, fileErrors: ['the file has no terms'], rows: [], counts: empty },
      inputs: [],
    };
  const owners = new Map(
    (await db.select({ id: users.id, email: users.email }).from(users)).map((u) => [
      u.email.toLowerCase(),
      u.id,
    ]),
  );
  const lexicon = await currentLexiconSummary(db);
  const latest = lexicon ? await latestVersion(db, lexicon.id) : null;
  const existing = new Map((latest ? await listTerms(db, latest.id) : []).map((t) => [t.termKey, t]));
  const seenKeys = new Set<string>();
  const rows: CsvRowPreview[] = [];
  const inputs: TermInput[] = [];
  const counts = { ...empty };
  for (const r of parsed.records) {
    const { input, errors } = rowToInput(r.values, owners);
    if (input.termKey) {
      if (seenKeys.has(input.termKey)) errors.push(`term_key ${input.termKey} appears twice in the file`);
      seenKeys.add(input.termKey);
    }
    let action: CsvRowPreview['action'] = 'add';
    const old = input.termKey ? existing.get(input.termKey) : undefined;
    if (errors.length > 0) action = 'error';
    else if (old) {
      const next = toFields(input, old.termKey);
      action = COMPARED.some((f) => JSON.stringify(old[f]) !== JSON.stringify(next[f]))
        ? 'update'
        : 'unchanged';
    }
    counts[action]++;
    rows.push({
      line: r.line,
      termKey: input.termKey ?? '',
      phrase: input.phrase,
      category: input.category,
      action,
      errors,
    });
    inputs.push(input);
  }
  return { preview: { ok: counts.error === 0, fileErrors: [], rows, counts }, inputs };
}

/** What an import would do, row by row, without storing anything. */
export async function previewTermsCsv(db: Db, csv: string): Promise<CsvPreview> {
  return (await planImport(db, csv)).preview;
}

/**
 * Import terms from CSV as ONE new draft version. Rows with a known term_key replace that term, rows
 * without one (or with a new key) are added, terms not in the file are kept. Any row error stops
 * the whole import: nothing is partially applied, and the preview says which rows to fix.
 */
export async function importTermsCsv(
  db: Db,
  actor: Actor,
  csv: string,
  options: ChangeOptions & { fileName?: string } = {},
): Promise<{ preview: CsvPreview; version: NewVersionResult | null }> {
  const { preview, inputs } = await planImport(db, csv);
  if (!preview.ok) return { preview, version: null };
  if (preview.counts.add + preview.counts.update === 0) return { preview, version: null };
  const version = await mutate(db, actor, async (tx) => {
    const v = await writeNewVersion(
      tx,
      actor,
      options.note ??
        `Imported ${options.fileName ?? 'a CSV file'}: ${preview.counts.add} added, ${preview.counts.update} changed`,
      (terms) => {
        for (const input of inputs) {
          const key = input.termKey ?? uniqueKey(terms, input.phrase);
          terms.set(key, toFields(input, key));
        }
      },
    );
    return {
      result: { versionId: v.versionId, number: v.number, termCount: v.termCount },
      audit: {
        action: 'lexicon.terms_imported',
        entityType: 'lexicon_version',
        entityId: v.versionId,
        change: {
          number: v.number,
          basedOn: v.previousId,
          fileName: options.fileName ?? null,
          ...preview.counts,
        },
      },
    };
  });
  return { preview, version };
}
