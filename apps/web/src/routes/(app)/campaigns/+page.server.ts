import { can, CAMPAIGN_STATUS_ORDER, type CampaignStatus } from '@counterpoint/core';
import { listCampaigns, listDistricts } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const status = url.searchParams.get('status');
  const districtId = url.searchParams.get('district') || null;
  const validStatus = (CAMPAIGN_STATUS_ORDER as readonly string[]).includes(status ?? '')
    ? (status as CampaignStatus)
    : null;
  const [campaigns, districts] = await Promise.all([
    listCampaigns(db, { status: validStatus, districtId }),
    listDistricts(db),
  ]);
  return {
    title: 'Campaigns',
    campaigns,
    districts: districts.filter((d) => d.tier === 'district').map((d) => ({ id: d.id, name: d.name })),
    filter: { status: validStatus ?? '', district: districtId ?? '' },
    statuses: CAMPAIGN_STATUS_ORDER,
    canEdit: can(locals.user!.role, 'campaigns:edit'),
  };
};
