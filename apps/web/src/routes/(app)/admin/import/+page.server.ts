import {
  IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  guessMapping,
  readImportFile,
  validateImport,
  type ColumnMapping,
} from '@counterpoint/core/imports/index';
import {
  createImportJob,
  ensureImportSource,
  getSource,
  listImportJobs,
  listSources,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { formatBytes, runImport, uploadLimit } from '$lib/server/import.js';
import type { Actions, PageServerLoad } from './$types';

const SAMPLE_ROWS = 6;
const ERRORS_SHOWN = 200;
const NEW_SOURCE = '__new';

export const load: PageServerLoad = async () => {
  const db = await database();
  const [sources, imports] = await Promise.all([
    listSources(db, { kind: 'import' }),
    listImportJobs(db, { kind: 'items', limit: 6 }),
  ]);
  const limit = uploadLimit();
  return {
    title: 'File import',
    limitBytes: limit,
    limitLabel: formatBytes(limit),
    fields: IMPORT_FIELDS.map((f) => ({ value: f, label: IMPORT_FIELD_LABELS[f] })),
    sources: sources.filter((s) => s.enabled).map((s) => ({ id: s.id, name: s.name })),
    imports: imports.map((j) => ({
      id: j.id,
      fileName: j.fileName,
      status: j.status,
      processed: j.processed,
      total: j.total ?? 0,
      rejected: j.errors.filter((e) => e.row !== undefined).length,
      failure: j.status === 'failed' ? (j.errors.at(-1)?.message ?? null) : null,
      createdAt: j.createdAt,
      finishedAt: j.finishedAt,
    })),
  };
};

type Read =
  | { ok: false; status: number; message: string }
  | {
      ok: true;
      fileName: string;
      size: number;
      table: ReturnType<typeof readImportFile>;
      mapping: ColumnMapping;
      result: ReturnType<typeof validateImport>;
      sourceId: string;
    };

/** Reads the upload and the mapping from the form; a bad file is refused whole, with the reason. */
async function readForm(request: Request): Promise<Read> {
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0 || !file.name)
    return { ok: false, status: 400, message: 'Choose a CSV or JSON Lines file to upload.' };
  const limit = uploadLimit();
  if (file.size > limit)
    return {
      ok: false,
      status: 413,
      message: `${file.name} is ${formatBytes(file.size)}; files up to ${formatBytes(limit)} can be imported. Split it into smaller files.`,
    };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      status: 400,
      message: `${file.name} is not UTF-8 text. Save it as “CSV UTF-8” (or JSON Lines in UTF-8) and upload it again.`,
    };
  }
  if (text.includes('\u0000'))
    return {
      ok: false,
      status: 400,
      message: `${file.name} looks like a binary file, not CSV or JSON Lines.`,
    };
  const table = readImportFile(text, file.name);
  if (table.columns.length === 0 || (table.rows.length === 0 && table.problems.length === 0))
    return {
      ok: false,
      status: 400,
      message:
        table.format === 'csv'
          ? `${file.name} has no rows under its header. The first line must name the columns, with one item per line after it.`
          : `${file.name} has no JSON objects in it.`,
    };
  const chosen = form.get('mapped') === '1';
  const mapping: ColumnMapping = chosen ? {} : guessMapping(table.columns);
  if (chosen) {
    for (const f of IMPORT_FIELDS) {
      const col = form.get(`map_${f}`);
      if (typeof col === 'string' && table.columns.includes(col)) mapping[f] = col;
    }
  }
  const result = validateImport(table, mapping);
  const sourceId = typeof form.get('sourceId') === 'string' ? (form.get('sourceId') as string) : '';
  return { ok: true, fileName: file.name, size: file.size, table, mapping, result, sourceId };
}

function previewOf(r: Extract<Read, { ok: true }>) {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > 140 ? `${s.slice(0, 140)}…` : s;
  };
  return {
    fileName: r.fileName,
    sizeLabel: formatBytes(r.size),
    format: r.table.format,
    columns: r.table.columns,
    sample: r.table.rows
      .slice(0, SAMPLE_ROWS)
      .map((row) => ({ row: row.row, cells: r.table.columns.map((c) => cell(row.values[c])) })),
    mapping: r.mapping,
    total: r.result.total,
    validCount: r.result.valid.length,
    invalidRows: new Set(r.result.errors.map((e) => e.row)).size,
    errors: r.result.errors.slice(0, ERRORS_SHOWN),
    errorCount: r.result.errors.length,
    sourceId: r.sourceId,
  };
}

// Permission (imports:run) was checked by the hook from routes.ts before these run.
export const actions: Actions = {
  preview: async ({ request }) => {
    const r = await readForm(request);
    if (!r.ok) return fail(r.status, { problem: r.message });
    return { preview: previewOf(r) };
  },
  start: async ({ request, locals }) => {
    const r = await readForm(request);
    if (!r.ok) return fail(r.status, { problem: r.message });
    if (!r.mapping.text && !r.mapping.title)
      return fail(400, {
        problem: 'Map a column to Text or Title: an item needs one of them.',
        preview: previewOf(r),
      });
    if (r.result.valid.length === 0)
      return fail(400, {
        problem: 'No row is ready to import: fix the rows listed below first.',
        preview: previewOf(r),
      });
    const db = await database();
    const user = locals.user!;
    const actor = { id: user.id, label: user.email };
    let source;
    if (!r.sourceId || r.sourceId === NEW_SOURCE) source = await ensureImportSource(db, actor);
    else {
      source = await getSource(db, r.sourceId);
      if (!source || source.kind !== 'import' || !source.enabled)
        return fail(400, {
          problem: 'Choose a file-import source that is switched on.',
          preview: previewOf(r),
        });
    }
    const job = await createImportJob(db, actor, {
      kind: 'items',
      fileName: r.fileName,
      total: r.result.valid.length,
      sourceId: source.id,
      errors: r.result.errors.map((e) => ({ row: e.row, message: `${e.field}: ${e.reason}` })),
    });
    // Queued in the background so the page can show the progress bar moving; each batch has its own
    // job id, and the import row records how far it got if the server stops part-way.
    void runImport(
      db,
      job.id,
      source.id,
      r.result.valid.map((v) => v.item),
    ).catch((e: unknown) => console.error('Import failed to record its outcome', e));
    return {
      started: {
        id: job.id,
        fileName: r.fileName,
        sourceName: source.name,
        rows: r.result.valid.length,
        skipped: new Set(r.result.errors.map((e) => e.row)).size,
      },
    };
  },
};
