import {
  actionState,
  can,
  isRiskStatus,
  londonDay,
  reviewState,
  riskBand,
  riskMatrix,
  RISK_SORTS,
  RISK_STATUS_CODES,
  sortRisks,
  type RiskSort,
  type RiskStatus,
} from '@counterpoint/core';
import { listDistricts, listOverduePlanActions, listRisks } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

const scaleParam = (v: string | null) => (v && /^[1-5]$/.test(v) ? Number(v) : null);

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const today = londonDay(new Date());
  const districtParam = url.searchParams.get('district') ?? '';
  const statusParam = url.searchParams.get('status') ?? 'live';
  const status: RiskStatus | 'live' | 'all' =
    statusParam === 'all' || isRiskStatus(statusParam) ? statusParam : 'live';
  const sortParam = url.searchParams.get('sort') ?? 'score';
  const sort: RiskSort = (RISK_SORTS as readonly string[]).includes(sortParam)
    ? (sortParam as RiskSort)
    : 'score';
  const cell = {
    likelihood: scaleParam(url.searchParams.get('l')),
    impact: scaleParam(url.searchParams.get('i')),
  };
  const [districtRows, rows, overdue] = await Promise.all([
    listDistricts(db),
    listRisks(db, { district: districtParam || null, status }, today),
    listOverduePlanActions(db, today),
  ]);
  const districts = districtRows
    .filter((d) => d.tier === 'district')
    .map((d) => ({ id: d.id, name: d.name }));
  const known =
    districtParam === '' || districtParam === 'county' || districts.some((d) => d.id === districtParam);
  // The matrix counts every risk the filters allow; a chosen cell then narrows the table only.
  const matrix = riskMatrix(rows);
  const inCell = rows.filter(
    (r) =>
      (cell.likelihood === null || r.likelihood === cell.likelihood) &&
      (cell.impact === null || r.impact === cell.impact),
  );
  const risks = sortRisks(inCell, sort).map((r) => ({
    ...r,
    score: r.likelihood * r.impact,
    band: riskBand(r.likelihood, r.impact),
    review: reviewState(r, today),
  }));
  const shownIds = new Set(rows.map((r) => r.id));
  const overdueActions = overdue
    .filter((a) => shownIds.has(a.riskId))
    .map((a) => ({ ...a, state: actionState(a, today) }));
  return {
    title: 'Risk register',
    today,
    risks,
    matrix,
    overdueActions,
    totals: {
      live: rows.filter((r) => r.status !== 'closed').length,
      severe: rows.filter(
        (r) => r.status !== 'closed' && ['high', 'very_high'].includes(riskBand(r.likelihood, r.impact)),
      ).length,
      overdueReviews: rows.filter((r) => reviewState(r, today) === 'overdue').length,
      overdueActions: overdueActions.length,
    },
    districts,
    filter: {
      district: known ? districtParam : '',
      status,
      sort,
      likelihood: cell.likelihood,
      impact: cell.impact,
    },
    statuses: RISK_STATUS_CODES,
    canEdit: can(locals.user!.role, 'risks:edit'),
  };
};
