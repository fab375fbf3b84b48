import { CONTACT_CSV_COLUMNS } from '@counterpoint/core';
import { importContactsCsv, MAX_CONTACT_IMPORT_ROWS } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { formatBytes, uploadLimit } from '$lib/server/import.js';
import { actorOf, today } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
  title: 'Import contacts',
  columns: CONTACT_CSV_COLUMNS,
  maxRows: MAX_CONTACT_IMPORT_ROWS,
  maxBytes: formatBytes(uploadLimit()),
});

// Permission (contacts:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  import: async ({ request, locals }) => {
    const file = (await request.formData()).get('file');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { error: 'Choose a CSV file to import.' });
    const limit = uploadLimit();
    if (file.size > limit)
      return fail(400, {
        error: `${file.name} is larger than ${formatBytes(limit)}: split it into smaller files.`,
      });
    const csv = await file.text();
    // PostgreSQL text cannot hold U+0000: such a file is binary or UTF-16, not CSV UTF-8.
    if (csv.includes('\u0000'))
      return fail(400, { error: `${file.name} looks like a binary file, not CSV. Save it as “CSV UTF-8”.` });
    const report = await importContactsCsv(await database(), actorOf(locals), csv, today());
    if (report.fatal) return fail(400, { error: `${file.name} was not imported. ${report.fatal}` });
    return { fileName: file.name, report };
  },
};
