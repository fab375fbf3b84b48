import { csvLine, type CsvValue } from '@counterpoint/core';

/**
 * A CSV download streamed page by page: the next keyset page is read only when the client has
 * taken the previous one, so an export of any size holds one page in memory. Cells go through
 * `csvLine`, which defuses spreadsheet formulas.
 */
export function csvResponse<Row, Cursor>(opts: {
  filename: string;
  header: readonly string[];
  page: (cursor: Cursor | null) => Promise<{ rows: Row[]; next: Cursor | null }>;
  cells: (row: Row) => readonly CsvValue[];
}): Response {
  const encoder = new TextEncoder();
  let cursor: Cursor | null = null;
  let started = false;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // A byte-order mark so spreadsheet programs read the file as UTF-8 (place names, quotes).
        controller.enqueue(encoder.encode(`\ufeff${csvLine(opts.header)}`));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      try {
        const { rows, next } = await opts.page(cursor);
        if (rows.length > 0)
          controller.enqueue(encoder.encode(rows.map((r) => csvLine(opts.cells(r))).join('')));
        cursor = next;
        if (next === null) done = true;
      } catch (e) {
        controller.error(e);
      }
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${opts.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

export const today = (): string => new Date().toISOString().slice(0, 10);
