import { LAWFUL_BASIS_CODES } from '@counterpoint/core';
import { exportContactsCsv, type ConsentFilter } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import { params, today } from '$lib/server/outreach.js';
import type { RequestHandler } from './$types';

/**
 * The contacts the list's filters show, as CSV. Cells a spreadsheet would run as formulas are
 * prefixed with an apostrophe. Permission (contacts:view) was checked by the hook; the download
 * itself is audited, because it takes personal data out of the workbench.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const f = params(url, ['q', 'district', 'organisation', 'basis', 'consent', 'mine']);
  const consent = ['expiring', 'expired', 'none'].includes(f.consent)
    ? (f.consent as ConsentFilter)
    : undefined;
  const filter = {
    q: f.q || undefined,
    districtId: f.district || undefined,
    organisationId: f.organisation || undefined,
    lawfulBasis: (LAWFUL_BASIS_CODES as readonly string[]).includes(f.basis) ? f.basis : undefined,
    consent,
    ownerId: f.mine ? locals.user!.id : undefined,
    today: today(),
  };
  const user = locals.user!;
  const csv = await exportContactsCsv(await database(), { id: user.id, label: user.email }, filter);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="contacts-${today()}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
