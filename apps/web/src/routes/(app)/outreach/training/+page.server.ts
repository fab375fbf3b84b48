import { can, parseTrainingInput, TRAINING_SECTOR_CODES } from '@counterpoint/core';
import { listDistricts, listTrainingSessions, recordTrainingSession, trainingUptake } from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { actorOf, domainMessage, formValues, params, today } from '$lib/server/outreach.js';
import type { Actions, PageServerLoad } from './$types';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const f = params(url, ['from', 'to', 'sector', 'district']);
  const filter = {
    from: DAY.test(f.from) ? f.from : undefined,
    to: DAY.test(f.to) ? f.to : undefined,
    sector: (TRAINING_SECTOR_CODES as readonly string[]).includes(f.sector) ? f.sector : undefined,
    districtId: f.district || undefined,
  };
  const [sessions, bySector, byDistrict, districts] = await Promise.all([
    listTrainingSessions(db, filter),
    trainingUptake(db, 'sector', filter),
    trainingUptake(db, 'district', filter),
    listDistricts(db),
  ]);
  return {
    title: 'Training record',
    sessions,
    // Every sector is listed, untrained ones at zero: the gaps are what the board asks about.
    bySector: [
      ...bySector,
      ...TRAINING_SECTOR_CODES.filter((code) => !bySector.some((r) => r.key === code)).map((code) => ({
        key: code,
        label: code,
        sessions: 0,
        attendees: 0,
        feedback: null,
      })),
    ],
    byDistrict,
    filters: {
      from: filter.from ?? '',
      to: filter.to ?? '',
      sector: filter.sector ?? '',
      district: f.district ?? '',
    },
    filtered: Object.values(filter).some(Boolean),
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    sectors: TRAINING_SECTOR_CODES,
    today: today(),
    canRecord: locals.user ? can(locals.user.role, 'training:edit') : false,
  };
};

// Permission (training:edit) was checked by the hook from routes.ts before this runs.
export const actions: Actions = {
  record: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const parsed = parseTrainingInput(values, today());
    if (!parsed.ok)
      return fail(400, {
        values,
        errors: parsed.errors,
        message: 'The session was not recorded. Check the fields below.',
      });
    try {
      await recordTrainingSession(await database(), actorOf(locals), parsed.value);
    } catch (e) {
      return fail(400, { values, errors: {}, message: domainMessage(e) });
    }
    return { recorded: `${parsed.value.module} recorded.` };
  },
};
