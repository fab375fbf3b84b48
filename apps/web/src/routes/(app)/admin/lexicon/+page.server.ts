import { can, isDomainError } from '@counterpoint/core';
import {
  addTerm,
  currentLexiconSummary,
  dryRunLexicon,
  importTermsCsv,
  latestVersion,
  listTerms,
  listUsers,
  listVersions,
  previewTermsCsv,
  previousVersionId,
  publishVersion,
  retireTerm,
  schema,
  termExamples,
  termRowToLexiconTerm,
  updateTerm,
  versionDiff,
  type TermRow,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { formatBytes, uploadLimit } from '$lib/server/import.js';
import { TERM_REVIEW_DAYS, termReviews } from '$lib/server/term-review.js';
import { EMPTY_TERM, parseTermForm, valuesOf, type TermValues } from './term-form.js';
import type { Actions, PageServerLoad } from './$types';

function text(form: FormData, key: string, fallback: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : fallback;
}

function termValues(t: TermRow): TermValues {
  return {
    termKey: t.termKey,
    phrase: t.phrase,
    matchMode: t.matchMode,
    weight: String(t.weight),
    category: t.category,
    language: t.language,
    suppressNear: t.suppressNear.join('; '),
    requireAny: t.requireAny.join('; '),
    window: String(t.window),
    rationale: t.rationale,
    reviewOn: t.reviewOn ?? '',
    status: t.status,
    note: '',
  };
}

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const lexicon = await currentLexiconSummary(db);
  const working = lexicon ? await latestVersion(db, lexicon.id) : null;
  const reviewKey = url.searchParams.get('edit');
  const [terms, versions, users, reviews, examples] = await Promise.all([
    working ? listTerms(db, working.id) : Promise.resolve([]),
    listVersions(db, 50),
    listUsers(db),
    // Precision from analysts' decisions (fairness monitoring): markers, and examples for the open term.
    termReviews(db),
    reviewKey && reviewKey !== 'new'
      ? termExamples(db, reviewKey, { days: TERM_REVIEW_DAYS, limit: 5 })
      : Promise.resolve([]),
  ]);
  const owners = new Map(users.map((u) => [u.id, u.name]));
  const q = (url.searchParams.get('q') ?? '').trim();
  const category = url.searchParams.get('category') ?? '';
  const status = url.searchParams.get('status') ?? '';
  const needle = q.toLowerCase();
  const shown = terms.filter(
    (t) =>
      (!category || t.category === category) &&
      (!status || t.status === status) &&
      (!needle ||
        t.phrase.toLowerCase().includes(needle) ||
        t.termKey.includes(needle) ||
        t.rationale.toLowerCase().includes(needle)),
  );
  const editKey = url.searchParams.get('edit');
  const editing = editKey ? (terms.find((t) => t.termKey === editKey) ?? null) : null;
  const draft = working && lexicon && working.id !== lexicon.activeVersionId ? working : null;
  const diffId = url.searchParams.get('diff');
  let diff = null;
  const diffTarget = diffId ?? (draft && lexicon?.activeVersionId ? draft.id : null);
  if (diffTarget) {
    const base = diffId ? await previousVersionId(db, diffId) : lexicon!.activeVersionId;
    if (base) diff = await versionDiff(db, base, diffTarget);
  }
  const categories = [...new Set([...schema.CATEGORIES, ...terms.map((t) => t.category)])].sort();
  return {
    title: 'Lexicon',
    lexicon,
    working: working && {
      id: working.id,
      number: working.number,
      status: working.status,
      note: working.note,
      active: working.id === lexicon?.activeVersionId,
    },
    activeNumber: versions.find((v) => v.active)?.number ?? null,
    terms: shown.map((t) => ({
      termKey: t.termKey,
      phrase: t.phrase,
      matchMode: t.matchMode,
      weight: t.weight,
      category: t.category,
      status: t.status,
      suppressNear: t.suppressNear,
      requireAny: t.requireAny,
      window: t.window,
      owner: t.ownerId ? (owners.get(t.ownerId) ?? 'Unknown') : null,
      reviewOn: t.reviewOn,
      rationale: t.rationale,
    })),
    totalTerms: terms.length,
    filters: { q, category, status },
    categories,
    statuses: schema.TERM_STATUSES,
    modes: schema.MATCH_MODES,
    editor: editKey === 'new' ? { ...EMPTY_TERM } : editing ? termValues(editing) : null,
    versions,
    diff,
    diffIsDraft: !diffId && diff !== null,
    canEdit: locals.user ? can(locals.user.role, 'lexicon:edit') : false,
    reviews,
    review: reviewKey && reviewKey !== 'new' ? { figures: reviews[reviewKey] ?? null, examples } : null,
  };
};

function actorOf(locals: App.Locals) {
  const user = locals.user!;
  return { id: user.id, label: user.email };
}

// Permissions were checked by the hook from routes.ts (lexicon:edit for every action) before these run.
export const actions: Actions = {
  saveTerm: async ({ request, locals }) => {
    const form = await request.formData();
    const values = valuesOf(form);
    const db = await database();
    const lexicon = await currentLexiconSummary(db);
    const working = lexicon ? await latestVersion(db, lexicon.id) : null;
    const existing =
      values.termKey && working
        ? (await listTerms(db, working.id)).find((t) => t.termKey === values.termKey)
        : undefined;
    const parsed = parseTermForm(values, existing ? existing.ownerId : locals.user!.id);
    if (!parsed.ok)
      return fail(400, {
        term: { values, errors: parsed.errors, message: 'The term was not saved. Check the fields below.' },
      });
    try {
      const note = parsed.note || undefined;
      const v = existing
        ? await updateTerm(db, actorOf(locals), existing.termKey, parsed.input, { note })
        : await addTerm(db, actorOf(locals), { ...parsed.input, termKey: undefined }, { note });
      return {
        term: {
          saved: {
            phrase: parsed.input.phrase,
            number: v.number,
            versionId: v.versionId,
            updated: !!existing,
          },
        },
      };
    } catch (e) {
      if (isDomainError(e) && (e.code === 'invalid_input' || e.code === 'conflict' || e.code === 'not_found'))
        return fail(400, {
          term: { values, errors: { form: e.message }, message: 'The term was not saved.' },
        });
      throw e;
    }
  },

  retireTerm: async ({ request, locals }) => {
    const form = await request.formData();
    const key = text(form, 'termKey', '');
    try {
      const v = await retireTerm(await database(), actorOf(locals), key);
      return {
        notice: { ok: true, message: `Retired in draft version ${v.number}. Publish it to stop matching.` },
      };
    } catch (e) {
      if (isDomainError(e)) return fail(400, { notice: { ok: false, message: e.message } });
      throw e;
    }
  },

  publish: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      const v = await publishVersion(await database(), actorOf(locals), text(form, 'versionId', ''));
      return {
        notice: {
          ok: true,
          message: `Version ${v.number} is now active. New items are scored with it; earlier scores keep their version.`,
        },
      };
    } catch (e) {
      if (isDomainError(e)) return fail(400, { notice: { ok: false, message: e.message } });
      throw e;
    }
  },

  dryRun: async ({ request }) => {
    const form = await request.formData();
    const days = Number(form.get('days') ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 90)
      return fail(400, {
        dryRun: { error: 'Choose between 1 and 90 days.', days: text(form, 'days', '') },
      });
    const db = await database();
    const lexicon = await currentLexiconSummary(db);
    const working = lexicon ? await latestVersion(db, lexicon.id) : null;
    let terms = working ? (await listTerms(db, working.id)).map(termRowToLexiconTerm) : [];
    let label = working ? `draft version ${working.number}` : 'an empty lexicon';
    // With term fields, the dry run is of that one change on top of the working version.
    if (form.get('phrase') !== null) {
      const values = valuesOf(form);
      const parsed = parseTermForm(values, null);
      if (!parsed.ok)
        return fail(400, {
          term: { values, errors: parsed.errors, message: 'Fix the fields below to run a dry run.' },
        });
      const key = values.termKey || '__draft__';
      const changed = termRowToLexiconTerm({
        ...parsed.input,
        termKey: key,
        language: parsed.input.language ?? 'en',
        suppressNear: parsed.input.suppressNear ?? [],
        requireAny: parsed.input.requireAny ?? [],
        window: parsed.input.window ?? 8,
        ownerId: null,
        rationale: parsed.input.rationale ?? '',
        reviewOn: parsed.input.reviewOn ?? null,
        status: parsed.input.status ?? 'active',
      });
      terms = [...terms.filter((t) => t.id !== key), changed];
      label = `this change to “${parsed.input.phrase}”`;
      const result = await dryRunLexicon(db, terms, { days });
      return { dryRun: { label, result }, term: { values, errors: {}, message: null } };
    }
    const result = await dryRunLexicon(db, terms, { days });
    return { dryRun: { label, result } };
  },

  previewImport: async ({ request }) => {
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { importCsv: { error: 'Choose a CSV file to import.' } });
    // The server's body limit bounds the upload (and the confirming post that carries it back).
    const limit = uploadLimit();
    if (file.size > limit)
      return fail(400, {
        importCsv: {
          error: `${file.name} is larger than ${formatBytes(limit)}: split it into smaller files.`,
        },
      });
    const csv = await file.text();
    // PostgreSQL text cannot hold U+0000: such a file is binary or UTF-16, not CSV UTF-8.
    if (csv.includes('\u0000'))
      return fail(400, {
        importCsv: { error: `${file.name} looks like a binary file, not CSV. Save it as “CSV UTF-8”.` },
      });
    const preview = await previewTermsCsv(await database(), csv);
    return { importCsv: { fileName: file.name, csv, preview } };
  },

  applyImport: async ({ request, locals }) => {
    const form = await request.formData();
    const csv = text(form, 'csv', '');
    const fileName = text(form, 'fileName', 'import.csv');
    if (!csv || csv.length > uploadLimit())
      return fail(400, { importCsv: { error: 'Upload the file again.' } });
    const { preview, version } = await importTermsCsv(await database(), actorOf(locals), csv, { fileName });
    if (!preview.ok) return fail(400, { importCsv: { fileName, csv, preview } });
    return {
      notice: {
        ok: true,
        message: version
          ? `Imported ${fileName} as draft version ${version.number}: ${preview.counts.add} added, ${preview.counts.update} changed. Publish it to start matching.`
          : `Nothing to import: every row matches the current terms.`,
      },
    };
  },
};
